package io.github.wallet.application.port.out;

import io.github.wallet.application.port.OperationPage;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where wallets, operations and ledger entries are kept for good.
 *
 * <p>Every method may throw {@link io.github.wallet.application.port.DependencyUnavailableException}
 * when the store cannot be reached.
 */
public interface WalletStore {

    /** Stores a newly opened wallet, unless its id or its idempotency key is taken. */
    WalletCreation createWallet(Wallet wallet, Optional<IdempotencyKey> key, String fingerprint);

    Optional<WalletSnapshot> findWallet(WalletId walletId);

    Optional<OperationRecord> findOperation(OperationId operationId);

    /** The operation stored under a client's idempotency key, and the fingerprint of the request that made it. */
    Optional<KeyedOperation> findOperationByKey(IdempotencyKey key);

    /** Operations on the wallet (either side of a transfer), newest first, older than {@code before}. */
    OperationPage listOperations(WalletId walletId, int limit, OptionalLong before);

    /**
     * Applies a batch in ONE transaction: operations already stored (a redelivery) keep their
     * stored outcome; the others are decided by the domain in batch order and stored with their
     * ledger entries and the new balances.
     *
     * @return every operation of the batch as stored, in batch order
     */
    List<OperationRecord> apply(List<QueuedOperation> batch, Instant decidedAt);

    /** Whether the store answers right now (readiness). */
    boolean isAvailable();

    /** How a wallet creation ended. */
    sealed interface WalletCreation {
        /** Stored now, or found stored under the same key and fingerprint ({@code replayed}). */
        record Created(WalletSnapshot wallet, boolean replayed) implements WalletCreation {
        }

        /** A wallet with that id is there already. */
        record IdTaken(WalletId walletId) implements WalletCreation {
        }

        /** The key was used by a request with another fingerprint. */
        record KeyTaken(IdempotencyKey key) implements WalletCreation {
        }
    }

    /** An operation found by idempotency key. */
    record KeyedOperation(OperationRecord operation, String fingerprint) {
    }
}
