package io.github.wallet.application.port.out;

import io.github.wallet.application.port.HoldPage;
import io.github.wallet.application.port.OperationPage;
import io.github.wallet.domain.operation.Hold;
import io.github.wallet.domain.operation.HoldStatus;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Reads of what the store has committed: wallets, decided operations, history.
 *
 * <p>Every method may throw {@link io.github.wallet.application.port.DependencyUnavailableException}
 * when the store cannot be reached.
 */
public interface WalletReads {

    Optional<WalletSnapshot> findWallet(WalletId walletId);

    Optional<OperationRecord.Decided> findOperation(OperationId operationId);

    /**
     * The operations stored under any of these idempotency keys, with the requests that made them:
     * one look for many requests at once (see {@code KeyLookups}).
     */
    List<StoredOperation> findOperationsByKeys(Collection<IdempotencyKey> keys);

    /** Operations on the wallet (either side of a transfer), newest first, older than {@code before}. */
    OperationPage listOperations(WalletId walletId, int limit, OptionalLong before);

    Optional<Hold> findHold(OperationId holdId);

    /** A wallet's placed holds, newest first, with the given status if any, older than {@code before}. */
    HoldPage listHolds(WalletId walletId, Optional<HoldStatus> status, int limit, Optional<OperationId> before);

    /**
     * Up to {@code limit} active holds whose time is up at {@code now}, the most overdue first (by
     * expiry time, then id), after {@code after} in that order when given: the expiry scan pages
     * through them.
     */
    List<Hold> findDueHolds(Instant now, Optional<Hold> after, int limit);

    /**
     * The wallet, and each of its ledger entries handed to {@code consumer} oldest first without
     * holding them all, both as of one moment (a batch committing meanwhile is in both or in
     * neither); empty, with no entries, when there is no such wallet.
     */
    Optional<WalletSnapshot> readChain(WalletId walletId, Consumer<StoredEntry> consumer);

    /** Whether the store answers right now (readiness). */
    boolean isAvailable();
}
