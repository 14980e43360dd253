package io.github.wallet.adapter.out.postgres;

import io.github.wallet.application.port.out.BatchTransaction;
import io.github.wallet.application.port.out.BatchWrites;
import io.github.wallet.application.port.out.StoredOperation;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.LedgerEntry;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.UUID;
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
    private static final String WRITE_DECISIONS = """
            with new_operation as (
                insert into operation (operation_id, type, wallet_id, target_wallet_id, amount, status, rejection_code,
                                       balance_after, idempotency_key, request_fingerprint, created_at, completed_at, failure_reason)
                select o.id, o.type, o.wallet_id, o.target_id, o.amount, o.status, o.rejection, o.balance_after,
                       o.idem_key, o.fingerprint, o.created_at::timestamptz, :decidedAt, o.failure
                from unnest(:opIds, :types, :walletIds, :targetIds, :amounts, :statuses, :rejections, :balancesAfter,
                            :keys, :fingerprints, :createdAts, :failures)
                     with ordinality as o(id, type, wallet_id, target_id, amount, status, rejection, balance_after,
                                          idem_key, fingerprint, created_at, failure, position)
                order by o.position
                returning 1
            ), new_entry as (
                insert into ledger_entry (wallet_id, operation_id, delta, balance_after, created_at)
                select e.wallet_id, e.operation_id, e.delta, e.balance_after, :decidedAt
                from unnest(:entryWalletIds, :entryOperationIds, :entryDeltas, :entryBalancesAfter)
                     with ordinality as e(wallet_id, operation_id, delta, balance_after, position)
                order by e.position
                returning 1
            ), new_balance as (
                update wallet w set balance = b.balance, updated_at = :decidedAt
                from unnest(:balanceWalletIds, :balances) as b(wallet_id, balance)
                where w.wallet_id = b.wallet_id
                returning 1
            )
            select (select count(*) from new_operation) as operations,
                   (select count(*) from new_entry) as entries,
                   (select count(*) from new_balance) as balances
            """;

    private final Handle handle;

    PostgresBatchTransaction(Handle handle) {
        this.handle = handle;
    }

    @Override
    public List<Wallet> lockWallets(SortedSet<WalletId> walletIds) {
        return handle.createQuery(LOCK_WALLETS)
                .bindArray("ids", UUID.class, walletIds.stream().map(WalletId::value).toList())
                .map((rs, ctx) -> Rows.wallet(rs).toWallet())
                .list();
    }

    @Override
    public List<StoredOperation> findStored(Collection<OperationId> operationIds, Collection<IdempotencyKey> keys) {
        return handle.createQuery(FIND_STORED)
                .bindArray("ids", UUID.class, operationIds.stream().map(OperationId::value).toList())
                .bindArray("keys", String.class, keys.stream().map(IdempotencyKey::value).toList())
                .map((rs, ctx) -> Rows.stored(rs))
                .list();
    }

    @Override
    public void write(BatchWrites writes) {
        Columns columns = new Columns(writes);
        WriteCounts counts = columns.bind(handle.createQuery(WRITE_DECISIONS))
                .bind("decidedAt", OffsetDateTime.ofInstant(writes.decidedAt(), ZoneOffset.UTC))
                .map((rs, ctx) -> new WriteCounts(rs.getLong("operations"), rs.getLong("entries"), rs.getLong("balances")))
                .one();
        WriteCounts expected = new WriteCounts(writes.operations().size(), writes.entries().size(), writes.balances().size());
        if (!counts.equals(expected)) {
            throw new IllegalStateException("batch write mismatch: wrote " + counts + ", planned " + expected);
        }
    }

    private record WriteCounts(long operations, long entries, long balances) {
    }

    /** The plan as one array per column, for the unnest of {@link #WRITE_DECISIONS}. */
    private static final class Columns {
        private final List<UUID> ids = new ArrayList<>();
        private final List<String> types = new ArrayList<>();
        private final List<UUID> walletIds = new ArrayList<>();
        private final List<UUID> targetIds = new ArrayList<>();
        private final List<Long> amounts = new ArrayList<>();
        private final List<String> statuses = new ArrayList<>();
        private final List<String> rejections = new ArrayList<>();
        private final List<Long> balancesAfter = new ArrayList<>();
        private final List<String> keys = new ArrayList<>();
        private final List<String> fingerprints = new ArrayList<>();
        private final List<String> createdAts = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();
        private final List<UUID> entryWalletIds = new ArrayList<>();
        private final List<UUID> entryOperationIds = new ArrayList<>();
        private final List<Long> entryDeltas = new ArrayList<>();
        private final List<Long> entryBalancesAfter = new ArrayList<>();
        private final List<UUID> balanceWalletIds = new ArrayList<>();
        private final List<Long> balances = new ArrayList<>();

        Columns(BatchWrites writes) {
            for (StoredOperation row : writes.operations()) {
                OperationRecord.Decided record = row.operation();
                ids.add(record.id().value());
                types.add(record.type().name());
                walletIds.add(record.walletId().value());
                targetIds.add(record.operation() instanceof Operation.Transfer transfer ? transfer.target().value() : null);
                amounts.add(record.amount().amountMinor());
                statuses.add(record.status().name());
                switch (record.outcome()) {
                    case Outcome.Completed completed -> {
                        rejections.add(null);
                        balancesAfter.add(completed.balanceAfter().amountMinor());
                    }
                    case Outcome.Rejected rejected -> {
                        rejections.add(rejected.reason().name());
                        balancesAfter.add(null);
                    }
                    case Outcome.Failed failed -> {
                        rejections.add(null);
                        balancesAfter.add(null);
                    }
                }
                failures.add(record.outcome() instanceof Outcome.Failed failed ? failed.reason() : null);
                keys.add(row.idempotencyKey().map(IdempotencyKey::value).orElse(null));
                fingerprints.add(row.fingerprint().value());
                createdAts.add(record.createdAt().toString());
            }
            for (LedgerEntry entry : writes.entries()) {
                entryWalletIds.add(entry.walletId().value());
                entryOperationIds.add(entry.operationId().value());
                entryDeltas.add(entry.deltaMinor());
                entryBalancesAfter.add(entry.balanceAfter().amountMinor());
            }
            for (WalletSnapshot wallet : writes.balances()) {
                balanceWalletIds.add(wallet.id().value());
                balances.add(wallet.balance().amountMinor());
            }
        }

        org.jdbi.v3.core.statement.Query bind(org.jdbi.v3.core.statement.Query query) {
            return query
                    .bindArray("opIds", UUID.class, ids)
                    .bindArray("types", String.class, types)
                    .bindArray("walletIds", UUID.class, walletIds)
                    .bindArray("targetIds", UUID.class, targetIds)
                    .bindArray("amounts", Long.class, amounts)
                    .bindArray("statuses", String.class, statuses)
                    .bindArray("rejections", String.class, rejections)
                    .bindArray("balancesAfter", Long.class, balancesAfter)
                    .bindArray("keys", String.class, keys)
                    .bindArray("fingerprints", String.class, fingerprints)
                    .bindArray("createdAts", String.class, createdAts)
                    .bindArray("failures", String.class, failures)
                    .bindArray("entryWalletIds", UUID.class, entryWalletIds)
                    .bindArray("entryOperationIds", UUID.class, entryOperationIds)
                    .bindArray("entryDeltas", Long.class, entryDeltas)
                    .bindArray("entryBalancesAfter", Long.class, entryBalancesAfter)
                    .bindArray("balanceWalletIds", UUID.class, balanceWalletIds)
                    .bindArray("balances", Long.class, balances);
        }
    }
}
