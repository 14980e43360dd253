package io.github.wallet.adapter.out.postgres;

import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.domain.operation.Decision;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.Ledger;
import io.github.wallet.domain.operation.LedgerEntry;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Applies one batch inside one open transaction, in two statements whatever the batch size: lock
 * the wallets, write everything the domain decided; plus, when the batch may hold operations
 * stored already (a redelivery), a look-up of those between the two.
 */
final class BatchApplier {

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
                                       balance_after, idempotency_key, request_fingerprint, created_at, completed_at)
                select o.id, o.type, o.wallet_id, o.target_id, o.amount, o.status, o.rejection, o.balance_after,
                       o.idem_key, o.fingerprint, o.created_at::timestamptz, :decidedAt
                from unnest(:opIds, :types, :walletIds, :targetIds, :amounts, :statuses, :rejections, :balancesAfter,
                            :keys, :fingerprints, :createdAts)
                     with ordinality as o(id, type, wallet_id, target_id, amount, status, rejection, balance_after,
                                          idem_key, fingerprint, created_at, position)
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

    private BatchApplier() {
    }

    /**
     * @param lookUpStored whether to look for operations of the batch stored already; without it,
     *                     a stored one makes the write fail on a unique key (and the caller retries with it)
     */
    static List<OperationRecord> apply(Handle handle, List<QueuedOperation> batch, Instant decidedAt, boolean lookUpStored) {
        TreeSet<UUID> walletIds = new TreeSet<>();
        for (QueuedOperation queued : batch) {
            for (WalletId id : queued.operation().operation().walletIds()) {
                walletIds.add(id.value());
            }
        }

        List<Wallet> wallets = handle.createQuery(LOCK_WALLETS)
                .bindArray("ids", UUID.class, walletIds)
                .map((rs, ctx) -> Rows.wallet(rs).toWallet())
                .list();

        Map<UUID, OperationRecord> storedById = new HashMap<>();
        Map<String, OperationRecord> storedByKey = new HashMap<>();
        if (lookUpStored) {
            findStored(handle, batch, storedById, storedByKey);
        }

        // Decide, in batch order, what is not stored yet; a second operation with a key seen
        // earlier in this very batch is a duplicate and gets that one's outcome.
        Ledger ledger = new Ledger(wallets);
        OperationRecord[] results = new OperationRecord[batch.size()];
        Map<String, Integer> firstWithKey = new HashMap<>();
        List<QueuedOperation> fresh = new ArrayList<>(batch.size());
        List<Decision> decisions = new ArrayList<>(batch.size());
        List<OperationRecord> freshRecords = new ArrayList<>(batch.size());
        int[] duplicateOf = new int[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            duplicateOf[i] = -1;
            QueuedOperation queued = batch.get(i);
            OperationRecord stored = storedById.get(queued.operation().id().value());
            String key = queued.idempotencyKey().map(IdempotencyKey::value).orElse(null);
            if (stored == null && key != null) {
                stored = storedByKey.get(key);
            }
            if (stored != null) {
                results[i] = stored;
                continue;
            }
            if (key != null) {
                Integer first = firstWithKey.putIfAbsent(key, i);
                if (first != null) {
                    duplicateOf[i] = first;
                    continue;
                }
            }
            Operation operation = queued.operation().operation();
            Decision decision = ledger.decide(operation, decidedAt);
            fresh.add(queued);
            decisions.add(decision);
            results[i] = OperationRecord.decided(decision, queued.operation().createdAt(), decidedAt);
            freshRecords.add(results[i]);
        }
        for (int i = 0; i < batch.size(); i++) {
            if (duplicateOf[i] >= 0) {
                results[i] = results[duplicateOf[i]];
            }
        }
        if (!fresh.isEmpty()) {
            write(handle, fresh, freshRecords, decisions, ledger.touchedWallets(), decidedAt);
        }
        return List.of(results);
    }

    private static void findStored(Handle handle, List<QueuedOperation> batch,
                                   Map<UUID, OperationRecord> storedById, Map<String, OperationRecord> storedByKey) {
        List<UUID> operationIds = new ArrayList<>(batch.size());
        List<String> keys = new ArrayList<>();
        for (QueuedOperation queued : batch) {
            operationIds.add(queued.operation().id().value());
            queued.idempotencyKey().ifPresent(key -> keys.add(key.value()));
        }
        handle.createQuery(FIND_STORED)
                .bindArray("ids", UUID.class, operationIds)
                .bindArray("keys", String.class, keys)
                .map((rs, ctx) -> StoredOperation.of(rs))
                .forEach(stored -> {
                    storedById.put(stored.record().id().value(), stored.record());
                    if (stored.idempotencyKey() != null) {
                        storedByKey.put(stored.idempotencyKey(), stored.record());
                    }
                });
    }

    private static void write(Handle handle, List<QueuedOperation> fresh, List<OperationRecord> records, List<Decision> decisions,
                              Collection<Wallet> touched, Instant decidedAt) {
        int n = fresh.size();
        List<UUID> ids = new ArrayList<>(n);
        List<String> types = new ArrayList<>(n);
        List<UUID> walletIds = new ArrayList<>(n);
        List<UUID> targetIds = new ArrayList<>(n);
        List<Long> amounts = new ArrayList<>(n);
        List<String> statuses = new ArrayList<>(n);
        List<String> rejections = new ArrayList<>(n);
        List<Long> balancesAfter = new ArrayList<>(n);
        List<String> keys = new ArrayList<>(n);
        List<String> fingerprints = new ArrayList<>(n);
        List<String> createdAts = new ArrayList<>(n);
        List<UUID> entryWalletIds = new ArrayList<>(n);
        List<UUID> entryOperationIds = new ArrayList<>(n);
        List<Long> entryDeltas = new ArrayList<>(n);
        List<Long> entryBalancesAfter = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            QueuedOperation queued = fresh.get(i);
            OperationRecord record = records.get(i);
            ids.add(record.id().value());
            types.add(record.type().name());
            walletIds.add(record.walletId().value());
            targetIds.add(record.targetWalletId() == null ? null : record.targetWalletId().value());
            amounts.add(record.amount().amountMinor());
            statuses.add(record.status().name());
            rejections.add(record.rejection() == null ? null : record.rejection().name());
            balancesAfter.add(record.balanceAfter() == null ? null : record.balanceAfter().amountMinor());
            keys.add(queued.idempotencyKey().map(IdempotencyKey::value).orElse(null));
            fingerprints.add(queued.fingerprint());
            createdAts.add(record.createdAt().toString());
            for (LedgerEntry entry : decisions.get(i).entries()) {
                entryWalletIds.add(entry.walletId().value());
                entryOperationIds.add(entry.operationId().value());
                entryDeltas.add(entry.deltaMinor());
                entryBalancesAfter.add(entry.balanceAfter().amountMinor());
            }
        }
        List<UUID> balanceWalletIds = new ArrayList<>(touched.size());
        List<Long> balances = new ArrayList<>(touched.size());
        for (Wallet wallet : touched) {
            balanceWalletIds.add(wallet.id().value());
            balances.add(wallet.balance().amountMinor());
        }
        WriteCounts counts = handle.createQuery(WRITE_DECISIONS)
                .bind("decidedAt", OffsetDateTime.ofInstant(decidedAt, ZoneOffset.UTC))
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
                .bindArray("entryWalletIds", UUID.class, entryWalletIds)
                .bindArray("entryOperationIds", UUID.class, entryOperationIds)
                .bindArray("entryDeltas", Long.class, entryDeltas)
                .bindArray("entryBalancesAfter", Long.class, entryBalancesAfter)
                .bindArray("balanceWalletIds", UUID.class, balanceWalletIds)
                .bindArray("balances", Long.class, balances)
                .map((rs, ctx) -> new WriteCounts(rs.getLong("operations"), rs.getLong("entries"), rs.getLong("balances")))
                .one();
        if (counts.operations() != n || counts.entries() != entryWalletIds.size() || counts.balances() != balances.size()) {
            throw new IllegalStateException("batch write mismatch: wrote " + counts + " for " + n + " operations, "
                    + entryWalletIds.size() + " entries, " + balances.size() + " balances");
        }
    }

    private record WriteCounts(long operations, long entries, long balances) {
    }
}
