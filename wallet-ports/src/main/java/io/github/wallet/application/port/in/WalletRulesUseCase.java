package io.github.wallet.application.port.in;

import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletLimits;
import io.github.wallet.domain.wallet.WalletStatus;
import java.util.Optional;

/**
 * Changes a wallet's rules: its limits (replaced whole) and its status. Each change is an
 * operation queued in the wallet's order, so what was queued before it is decided under the old
 * rules and what comes after under the new.
 */
public interface WalletRulesUseCase {

    Submission setLimits(WalletId walletId, WalletLimits limits, Optional<IdempotencyKey> key);

    Submission setStatus(WalletId walletId, WalletStatus status, Optional<IdempotencyKey> key);
}
