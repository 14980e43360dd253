package io.github.wallet.adapter.out.postgres;

import io.github.wallet.application.port.out.BatchTransaction;
import io.github.wallet.application.port.out.BatchWrites;
import io.github.wallet.application.port.out.StoredOperation;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.operation.Hold;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.LedgerEntry;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletLimits;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
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
    private static final String FIND_HOLDS = "select " + Rows.HOLD_COLUMNS + " from hold where hold_id = any(:ids)";

    /**
     * One statement writes operations, ledger entries, wallets and holds. WITH ORDINALITY keeps
     * the batch order, so history's seq follows the order the domain decided in.
     */
    private static final String WRITE_DECISIONS = """
            with new_operation as (
                insert into operation (operation_id, type, wallet_id, target_wallet_id, amount, status, rejection_code,
                                       balance_after, idempotency_key, request_fingerprint, created_at, completed_at, failure_reason,
                                       hold_id, expires_at, limit_overdraft, limit_max_balance, limit_max_day, limit_max_month, set_status)
                select o.id, o.type, o.wallet_id, o.target_id, o.amount, o.status, o.rejection, o.balance_after,
                       o.idem_key, o.fingerprint, o.created_at::timestamptz, :decidedAt, o.failure,
                       o.hold_id, o.expires_at::timestamptz, o.overdraft, o.max_balance, o.max_day, o.max_month, o.set_status
                from unnest(:opIds, :types, :walletIds, :targetIds, :amounts, :statuses, :rejections, :balancesAfter,
                            :keys, :fingerprints, :createdAts, :failures, :holdIds, :expiresAts, :limitOverdrafts,
                            :limitMaxBalances, :limitMaxDays, :limitMaxMonths, :setStatuses)
                     with ordinality as o(id, type, wallet_id, target_id, amount, status, rejection, balance_after,
                                          idem_key, fingerprint, created_at, failure, hold_id, expires_at, overdraft,
                                          max_balance, max_day, max_month, set_status, position)
                order by o.position
                returning 1
            ), new_entry as (
                insert into ledger_entry (wallet_id, operation_id, delta, balance_after, created_at)
                select e.wallet_id, e.operation_id, e.delta, e.balance_after, :decidedAt
                from unnest(:entryWalletIds, :entryOperationIds, :entryDeltas, :entryBalancesAfter)
                     with ordinality as e(wallet_id, operation_id, delta, balance_after, position)
                order by e.position
                returning 1
            ), new_wallet as (
                update wallet w set balance = b.balance, held_amount = b.held, overdraft_limit = b.overdraft,
                                    max_balance = b.max_balance, max_debit_per_day = b.max_day, max_debit_per_month = b.max_month,
                                    status = b.status, debit_day = b.debit_day::date, debit_day_total = b.day_total,
                                    debit_month = b.debit_month::date, debit_month_total = b.month_total, updated_at = :decidedAt
                from unnest(:walletWalletIds, :walletBalances, :walletHelds, :walletOverdrafts, :walletMaxBalances, :walletMaxDays,
                            :walletMaxMonths, :walletStatuses, :walletDebitDays, :walletDayTotals, :walletDebitMonths, :walletMonthTotals)
                     as b(wallet_id, balance, held, overdraft, max_balance, max_day, max_month, status, debit_day, day_total,
                          debit_month, month_total)
                where w.wallet_id = b.wallet_id
                returning 1
            ), new_hold as (
                insert into hold (hold_id, wallet_id, to_wallet_id, amount, captured_amount, status, expires_at, created_at, settled_at)
                select h.id, h.wallet_id, h.to_wallet_id, h.amount, h.captured, h.status, h.expires_at::timestamptz,
                       h.created_at::timestamptz, h.settled_at::timestamptz
                from unnest(:holdHoldIds, :holdWalletIds, :holdToWalletIds, :holdAmounts, :holdCaptured, :holdStatuses,
                            :holdExpiresAts, :holdCreatedAts, :holdSettledAts)
                     as h(id, wallet_id, to_wallet_id, amount, captured, status, expires_at, created_at, settled_at)
                on conflict (hold_id) do update
                    set captured_amount = excluded.captured_amount, status = excluded.status, settled_at = excluded.settled_at
                returning 1
            )
            select (select count(*) from new_operation) as operations,
                   (select count(*) from new_entry) as entries,
                   (select count(*) from new_wallet) as wallets,
                   (select count(*) from new_hold) as holds
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
    public List<Hold> findHolds(Collection<OperationId> holdIds) {
        return handle.createQuery(FIND_HOLDS)
                .bindArray("ids", UUID.class, holdIds.stream().map(OperationId::value).toList())
                .map((rs, ctx) -> Rows.hold(rs))
                .list();
    }

    @Override
    public void write(BatchWrites writes) {
        Columns columns = new Columns(writes);
        WriteCounts counts = columns.bind(handle.createQuery(WRITE_DECISIONS))
                .bind("decidedAt", OffsetDateTime.ofInstant(writes.decidedAt(), ZoneOffset.UTC))
                .map((rs, ctx) -> new WriteCounts(rs.getLong("operations"), rs.getLong("entries"), rs.getLong("wallets"), rs.getLong("holds")))
                .one();
        WriteCounts expected = new WriteCounts(writes.operations().size(), writes.entries().size(), writes.wallets().size(), writes.holds().size());
        if (!counts.equals(expected)) {
            throw new IllegalStateException("batch write mismatch: wrote " + counts + ", planned " + expected);
        }
    }

    private record WriteCounts(long operations, long entries, long wallets, long holds) {
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
        private final List<UUID> holdIds = new ArrayList<>();
        private final List<String> expiresAts = new ArrayList<>();
        private final List<Long> limitOverdrafts = new ArrayList<>();
        private final List<Long> limitMaxBalances = new ArrayList<>();
        private final List<Long> limitMaxDays = new ArrayList<>();
        private final List<Long> limitMaxMonths = new ArrayList<>();
        private final List<String> setStatuses = new ArrayList<>();
        private final List<UUID> entryWalletIds = new ArrayList<>();
        private final List<UUID> entryOperationIds = new ArrayList<>();
        private final List<Long> entryDeltas = new ArrayList<>();
        private final List<Long> entryBalancesAfter = new ArrayList<>();
        private final List<UUID> walletWalletIds = new ArrayList<>();
        private final List<Long> walletBalances = new ArrayList<>();
        private final List<Long> walletHelds = new ArrayList<>();
        private final List<Long> walletOverdrafts = new ArrayList<>();
        private final List<Long> walletMaxBalances = new ArrayList<>();
        private final List<Long> walletMaxDays = new ArrayList<>();
        private final List<Long> walletMaxMonths = new ArrayList<>();
        private final List<String> walletStatuses = new ArrayList<>();
        private final List<String> walletDebitDays = new ArrayList<>();
        private final List<Long> walletDayTotals = new ArrayList<>();
        private final List<String> walletDebitMonths = new ArrayList<>();
        private final List<Long> walletMonthTotals = new ArrayList<>();
        private final List<UUID> holdHoldIds = new ArrayList<>();
        private final List<UUID> holdWalletIds = new ArrayList<>();
        private final List<UUID> holdToWalletIds = new ArrayList<>();
        private final List<Long> holdAmounts = new ArrayList<>();
        private final List<Long> holdCaptured = new ArrayList<>();
        private final List<String> holdStatuses = new ArrayList<>();
        private final List<String> holdExpiresAts = new ArrayList<>();
        private final List<String> holdCreatedAts = new ArrayList<>();
        private final List<String> holdSettledAts = new ArrayList<>();

        Columns(BatchWrites writes) {
            for (StoredOperation row : writes.operations()) {
                addOperation(row);
            }
            for (LedgerEntry entry : writes.entries()) {
                entryWalletIds.add(entry.walletId().value());
                entryOperationIds.add(entry.operationId().value());
                entryDeltas.add(entry.deltaMinor());
                entryBalancesAfter.add(entry.balanceAfter().amountMinor());
            }
            for (WalletSnapshot wallet : writes.wallets()) {
                addWallet(wallet);
            }
            for (Hold hold : writes.holds()) {
                holdHoldIds.add(hold.id().value());
                holdWalletIds.add(hold.walletId().value());
                holdToWalletIds.add(hold.toWalletId().map(WalletId::value).orElse(null));
                holdAmounts.add(hold.amount().amountMinor());
                holdCaptured.add(hold.capturedAmount());
                holdStatuses.add(hold.status().name());
                holdExpiresAts.add(hold.expiresAt().toString());
                holdCreatedAts.add(hold.createdAt().toString());
                holdSettledAts.add(hold.settledAt().map(Instant::toString).orElse(null));
            }
        }

        private void addOperation(StoredOperation row) {
            OperationRecord.Decided record = row.operation();
            Operation operation = record.operation();
            ids.add(record.id().value());
            types.add(record.type().name());
            walletIds.add(record.walletId().value());
            targetIds.add(operation.counterpartyId().map(WalletId::value).orElse(null));
            amounts.add(operation.requestedAmount().map(Amount::amountMinor).orElse(null));
            statuses.add(record.status().name());
            rejections.add(record.outcome() instanceof Outcome.Rejected rejected ? rejected.reason().name() : null);
            balancesAfter.add(record.outcome() instanceof Outcome.Completed completed ? completed.balanceAfter().amountMinor() : null);
            failures.add(record.outcome() instanceof Outcome.Failed failed ? failed.reason() : null);
            keys.add(row.idempotencyKey().map(IdempotencyKey::value).orElse(null));
            fingerprints.add(row.fingerprint().value());
            createdAts.add(record.createdAt().toString());
            holdIds.add(operation.holdId().map(OperationId::value).orElse(null));
            expiresAts.add(operation instanceof Operation.HoldPlacement placement ? placement.expiresAt().toString() : null);
            WalletLimits limits = operation instanceof Operation.LimitsChange change ? change.limits() : null;
            limitOverdrafts.add(limits == null ? null : limits.overdraftLimit());
            limitMaxBalances.add(limits == null ? null : boxed(limits.maxBalance()));
            limitMaxDays.add(limits == null ? null : boxed(limits.maxDebitPerDay()));
            limitMaxMonths.add(limits == null ? null : boxed(limits.maxDebitPerMonth()));
            setStatuses.add(operation instanceof Operation.StatusChange change ? change.status().name() : null);
        }

        private void addWallet(WalletSnapshot wallet) {
            walletWalletIds.add(wallet.id().value());
            walletBalances.add(wallet.balance().amountMinor());
            walletHelds.add(wallet.heldAmount());
            walletOverdrafts.add(wallet.limits().overdraftLimit());
            walletMaxBalances.add(boxed(wallet.limits().maxBalance()));
            walletMaxDays.add(boxed(wallet.limits().maxDebitPerDay()));
            walletMaxMonths.add(boxed(wallet.limits().maxDebitPerMonth()));
            walletStatuses.add(wallet.status().name());
            walletDebitDays.add(wallet.debits().day().toString());
            walletDayTotals.add(wallet.debits().dayTotal());
            walletDebitMonths.add(wallet.debits().month().atDay(1).toString());
            walletMonthTotals.add(wallet.debits().monthTotal());
        }

        private static Long boxed(OptionalLong value) {
            return value.isPresent() ? value.getAsLong() : null;
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
                    .bindArray("holdIds", UUID.class, holdIds)
                    .bindArray("expiresAts", String.class, expiresAts)
                    .bindArray("limitOverdrafts", Long.class, limitOverdrafts)
                    .bindArray("limitMaxBalances", Long.class, limitMaxBalances)
                    .bindArray("limitMaxDays", Long.class, limitMaxDays)
                    .bindArray("limitMaxMonths", Long.class, limitMaxMonths)
                    .bindArray("setStatuses", String.class, setStatuses)
                    .bindArray("entryWalletIds", UUID.class, entryWalletIds)
                    .bindArray("entryOperationIds", UUID.class, entryOperationIds)
                    .bindArray("entryDeltas", Long.class, entryDeltas)
                    .bindArray("entryBalancesAfter", Long.class, entryBalancesAfter)
                    .bindArray("walletWalletIds", UUID.class, walletWalletIds)
                    .bindArray("walletBalances", Long.class, walletBalances)
                    .bindArray("walletHelds", Long.class, walletHelds)
                    .bindArray("walletOverdrafts", Long.class, walletOverdrafts)
                    .bindArray("walletMaxBalances", Long.class, walletMaxBalances)
                    .bindArray("walletMaxDays", Long.class, walletMaxDays)
                    .bindArray("walletMaxMonths", Long.class, walletMaxMonths)
                    .bindArray("walletStatuses", String.class, walletStatuses)
                    .bindArray("walletDebitDays", String.class, walletDebitDays)
                    .bindArray("walletDayTotals", Long.class, walletDayTotals)
                    .bindArray("walletDebitMonths", String.class, walletDebitMonths)
                    .bindArray("walletMonthTotals", Long.class, walletMonthTotals)
                    .bindArray("holdHoldIds", UUID.class, holdHoldIds)
                    .bindArray("holdWalletIds", UUID.class, holdWalletIds)
                    .bindArray("holdToWalletIds", UUID.class, holdToWalletIds)
                    .bindArray("holdAmounts", Long.class, holdAmounts)
                    .bindArray("holdCaptured", Long.class, holdCaptured)
                    .bindArray("holdStatuses", String.class, holdStatuses)
                    .bindArray("holdExpiresAts", String.class, holdExpiresAts)
                    .bindArray("holdCreatedAts", String.class, holdCreatedAts)
                    .bindArray("holdSettledAts", String.class, holdSettledAts);
        }
    }
}
