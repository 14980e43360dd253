package io.github.wallet.adapter.out.postgres;

import io.github.wallet.application.port.out.BatchStore;
import io.github.wallet.application.port.out.BatchTransaction;
import io.github.wallet.application.port.out.BatchWrites;
import io.github.wallet.application.port.out.StoredOperation;
import io.github.wallet.domain.operation.Hold;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import org.jdbi.v3.core.Handle;

/**
 * The I/O of one batch transaction on PostgreSQL, one statement per call whatever the batch
 * size: lock the wallets, look up stored operations (only on a redelivery), write the plan.
 */
final class PostgresBatchTransaction implements BatchTransaction {

    /** Locks in ascending id order, so two batches sharing wallets never deadlock. */
    private static final String LOCK_WALLETS = "select " + Rows.WALLET_COLUMNS
            + " from wallet where wallet_id = any(:ids) order by wallet_id for update";

    /** A redelivered operation, or another with the same idempotency key, keeps its stored outcome. */
    private static final String FIND_STORED = "select " + Rows.OPERATION_COLUMNS
            + " from operation where operation_id = any(:ids) or idempotency_key = any(:keys)";

    /**
     * One statement writes operations, ledger entries and balances. WITH ORDINALITY keeps the
     * batch order, so history's seq follows the order the domain decided in.
     */
    private static final String FIND_HOLDS = "select " + Rows.HOLD_COLUMNS + " from hold where hold_id = any(:ids)";

    private final Handle handle;

    PostgresBatchTransaction(Handle handle) {
        this.handle = handle;
    }

    @Override
    public List<Wallet> lockWallets(SortedSet<WalletId> walletIds) {
        return handle.createQuery(LOCK_WALLETS)
                .bind("ids", BinaryArrays.uuids(walletIds.stream().map(WalletId::value).toList()))
                .map((rs, ctx) -> Rows.wallet(rs).toWallet())
                .list();
    }

    @Override
    public List<StoredOperation> findStored(Collection<OperationId> operationIds, Collection<IdempotencyKey> keys) {
        return handle.createQuery(FIND_STORED)
                .bind("ids", BinaryArrays.uuids(operationIds.stream().map(OperationId::value).toList()))
                .bind("keys", BinaryArrays.texts(keys.stream().map(IdempotencyKey::value).toList()))
                .map((rs, ctx) -> Rows.stored(rs))
                .list();
    }

    @Override
    public List<Hold> findHolds(Collection<OperationId> holdIds) {
        return handle.createQuery(FIND_HOLDS)
                .bind("ids", BinaryArrays.uuids(holdIds.stream().map(OperationId::value).toList()))
                .map((rs, ctx) -> Rows.hold(rs))
                .list();
    }

    @Override
    public void write(BatchWrites writes) {
        BatchWriteStatement.Shape shape = BatchWriteStatement.Shape.of(writes);
        WriteCounts counts = BatchWriteStatement.bind(handle.createQuery(BatchWriteStatement.sql(shape)), writes, shape)
                .bind("decidedAt", OffsetDateTime.ofInstant(writes.decidedAt(), ZoneOffset.UTC))
                .map((rs, ctx) -> new WriteCounts(rs.getLong("operations"), rs.getLong("entries"), rs.getLong("wallets"), rs.getLong("holds"),
                        rs.getLong("planned")))
                .one();
        WriteCounts expected = new WriteCounts(writes.operations().size(), writes.entries().size(), writes.wallets().size(), writes.holds().size(),
                writes.plannedOn().size());
        if (counts.planned() < expected.planned()) {
            // Nothing was written (every part waits on the same count); the caller rolls back and reads them under lock.
            throw new BatchStore.WalletChangedException((expected.planned() - counts.planned()) + " of the " + expected.planned()
                    + " wallets the batch was planned on changed since they were remembered");
        }
        if (!counts.equals(expected)) {
            throw new IllegalStateException("batch write mismatch: wrote " + counts + ", planned " + expected);
        }
    }

    private record WriteCounts(long operations, long entries, long wallets, long holds, long planned) {
    }
}
