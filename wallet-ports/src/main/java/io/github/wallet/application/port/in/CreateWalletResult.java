package io.github.wallet.application.port.in;

import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;

/**
 * How a request to open a wallet ended.
 */
public sealed interface CreateWalletResult {

    /** The wallet is open; {@code replayed} when an earlier request with the same key opened it. */
    record Created(WalletSnapshot wallet, boolean replayed) implements CreateWalletResult {
    }

    /** A wallet with the requested id exists already. */
    record AlreadyExists(WalletId walletId) implements CreateWalletResult {
    }

    /** The idempotency key was used before for a different request. */
    record IdempotencyKeyReused(IdempotencyKey key) implements CreateWalletResult {
    }
}
