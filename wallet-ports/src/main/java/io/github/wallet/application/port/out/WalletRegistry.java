package io.github.wallet.application.port.out;

import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.util.Optional;

/**
 * Where new wallets are registered: straight in the store, not through the queue, since opening
 * touches no balance and must be visible to the very next request.
 */
public interface WalletRegistry {

    /**
     * Stores a newly opened wallet, unless its id or its idempotency key is taken. Whether a taken
     * key means "the same request again" is the caller's call, from the fingerprint it returns.
     */
    WalletCreation createWallet(Wallet wallet, Optional<IdempotencyKey> key, RequestFingerprint fingerprint);

    /** How a wallet creation ended. */
    sealed interface WalletCreation {
        /** Stored now. */
        record Created(WalletSnapshot wallet) implements WalletCreation {
        }

        /** A wallet with that id is there already. */
        record IdTaken(WalletId walletId) implements WalletCreation {
        }

        /** The key opened {@code wallet} before, for the request of this fingerprint. */
        record KeyTaken(IdempotencyKey key, WalletSnapshot wallet, RequestFingerprint fingerprint) implements WalletCreation {
        }
    }
}
