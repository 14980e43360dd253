package io.github.wallet.application.port.in;

import io.github.wallet.domain.wallet.WalletId;
import java.util.Optional;

/**
 * Recomputes a wallet's chain of ledger entries from what is stored and says whether it holds.
 */
public interface VerifyWalletUseCase {

    /** Empty when the wallet does not exist. */
    Optional<ChainVerification> verify(WalletId walletId);
}
