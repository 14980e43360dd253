package io.github.wallet.application.port.out;

import io.github.wallet.domain.operation.Hold;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;

/**
 * The I/O of one open batch transaction (see {@link BatchStore#inTransaction}).
 */
public interface BatchTransaction {

    /** Locks the wallets that exist among {@code walletIds} until commit, in ascending id order (so batches never deadlock). */
    List<Wallet> lockWallets(SortedSet<WalletId> walletIds);

    /** The operations stored already under any of these ids or idempotency keys. */
    List<StoredOperation> findStored(Collection<OperationId> operationIds, Collection<IdempotencyKey> keys);

    /**
     * The stored holds among {@code holdIds}. No lock of their own: a hold changes only in a batch
     * that holds its wallet's lock, which the caller took first.
     */
    List<Hold> findHolds(Collection<OperationId> holdIds);

    /**
     * Writes the plan's new operations, ledger entries, wallets and holds. When the plan was made on
     * remembered wallets ({@link BatchWrites#plannedOn}), it first locks them (ascending id, as
     * {@link #lockWallets}) and, unless each still has the remembered version, balance and chain
     * head, writes nothing and throws {@link BatchStore.WalletChangedException}: the transaction
     * must not commit. Locking them before writing keeps the order a wallet's operations take
     * their places in history the order they commit in.
     */
    void write(BatchWrites writes);
}
