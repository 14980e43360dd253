package io.github.wallet.adapter.out.postgres;

import io.github.wallet.application.port.EventWallet;
import io.github.wallet.application.port.OperationEvent;
import io.github.wallet.application.port.out.BatchWrites;
import io.github.wallet.application.port.out.ChainedEntry;
import io.github.wallet.application.port.out.StoredOperation;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.operation.Hold;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.LedgerEntry;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletLimits;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jdbi.v3.core.statement.Query;

/**
 * The one statement that writes a batch's plan: operations, ledger entries, wallets and holds, each
 * an {@code unnest} of one array per column. WITH ORDINALITY keeps the batch order, so history's
 * seq follows the order the domain decided in. Each operation's event (the feed, CONTRACT.md §9) is
 * its row: the row also keeps its wallets' balances right after it, so the outbox costs no row of
 * its own.
 *
 * <p>The statement has the batch's shape: columns no operation of the batch uses (a hold's id, a
 * new limit) are left out rather than sent as arrays of nulls, so a batch of deposits costs what it
 * did before holds and limits existed. Each shape's text is made once. Every array goes in
 * binary ({@link BinaryArrays}).
 */
final class BatchWriteStatement {

    /** Which optional parts the batch needs. */
    record Shape(boolean holdSteps, boolean ruleChanges, boolean walletState, boolean holds, boolean plannedOn) {

        static Shape of(BatchWrites writes) {
            boolean holdSteps = false;
            boolean ruleChanges = false;
            boolean walletState = false;
            for (StoredOperation row : writes.operations()) {
                switch (row.operation().operation()) {
                    case Operation.Deposit deposit -> { }
                    case Operation.LimitsChange change -> ruleChanges = true;
                    case Operation.StatusChange change -> ruleChanges = true;
                    case Operation.Withdrawal withdrawal -> walletState = true;
                    case Operation.Transfer transfer -> walletState = true;
                    case Operation.HoldPlacement placement -> holdSteps = true;
                    case Operation.HoldCapture capture -> holdSteps = true;
                    case Operation.HoldVoid voiding -> holdSteps = true;
                    case Operation.HoldExpiry expiry -> holdSteps = true;
                }
            }
            return new Shape(holdSteps, ruleChanges, walletState || holdSteps, !writes.holds().isEmpty(), !writes.plannedOn().isEmpty());
        }
    }

    /** One column of an unnest: the target column, the array parameter, the alias and how the alias is selected. */
    private record Column(String target, String param, String alias, String select) {
        static Column of(String target, String param, String alias) {
            return new Column(target, param, alias, alias);
        }
    }

    private static final List<Column> OPERATION = List.of(
            Column.of("operation_id", "opIds", "id"), Column.of("type", "types", "type"), Column.of("wallet_id", "walletIds", "wallet_id"),
            Column.of("target_wallet_id", "targetIds", "target_id"), Column.of("amount", "amounts", "amount"),
            Column.of("status", "statuses", "status"), Column.of("rejection_code", "rejections", "rejection"),
            Column.of("balance_after", "balancesAfter", "balance_after"), Column.of("idempotency_key", "keys", "idem_key"),
            Column.of("request_fingerprint", "fingerprints", "fingerprint"),
            new Column("created_at", "createdAts", "created_at", "created_at::timestamptz"),
            Column.of("failure_reason", "failures", "failure"), Column.of("entry_hash", "opEntryHashes", "entry_hash"),
            Column.of("target_entry_hash", "opTargetEntryHashes", "target_entry_hash"),
            Column.of("wallet_balance", "walletBalancesAfter", "wallet_balance"), Column.of("wallet_available", "walletAvailables", "wallet_available"),
            Column.of("target_balance", "targetBalancesAfter", "target_balance"), Column.of("target_available", "targetAvailables", "target_available"));
    private static final List<Column> OPERATION_HOLD = List.of(
            Column.of("hold_id", "holdIds", "hold_id"), new Column("expires_at", "expiresAts", "expires_at", "expires_at::timestamptz"));
    private static final List<Column> OPERATION_RULES = List.of(
            Column.of("limit_overdraft", "limitOverdrafts", "overdraft"), Column.of("limit_max_balance", "limitMaxBalances", "max_balance"),
            Column.of("limit_max_day", "limitMaxDays", "max_day"), Column.of("limit_max_month", "limitMaxMonths", "max_month"),
            Column.of("set_status", "setStatuses", "set_status"));
    private static final List<Column> WALLET = List.of(
            Column.of("wallet_id", "walletWalletIds", "wallet_id"), Column.of("balance", "walletBalances", "balance"),
            Column.of("chain_head", "walletChainHeads", "chain_head"));
    private static final List<Column> WALLET_STATE = List.of(
            Column.of("held_amount", "walletHelds", "held"), new Column("debit_day", "walletDebitDays", "debit_day", "debit_day::date"),
            Column.of("debit_day_total", "walletDayTotals", "day_total"),
            new Column("debit_month", "walletDebitMonths", "debit_month", "debit_month::date"),
            Column.of("debit_month_total", "walletMonthTotals", "month_total"));
    private static final List<Column> WALLET_RULES = List.of(
            Column.of("overdraft_limit", "walletOverdrafts", "overdraft"), Column.of("max_balance", "walletMaxBalances", "max_balance"),
            Column.of("max_debit_per_day", "walletMaxDays", "max_day"), Column.of("max_debit_per_month", "walletMaxMonths", "max_month"),
            Column.of("status", "walletStatuses", "status"));

    private static final Map<Shape, String> TEXTS = new ConcurrentHashMap<>();

    private BatchWriteStatement() {
    }

    static String sql(Shape shape) {
        return TEXTS.computeIfAbsent(shape, BatchWriteStatement::text);
    }

    private static String text(Shape shape) {
        List<Column> operation = new ArrayList<>(OPERATION);
        if (shape.holdSteps()) {
            operation.addAll(OPERATION_HOLD);
        }
        if (shape.ruleChanges()) {
            operation.addAll(OPERATION_RULES);
        }
        List<Column> wallet = new ArrayList<>(WALLET);
        if (shape.walletState()) {
            wallet.addAll(WALLET_STATE);
        }
        if (shape.ruleChanges()) {
            wallet.addAll(WALLET_RULES);
        }
        StringBuilder sql = new StringBuilder(2_000);
        // Planned on remembered wallets: they are locked first (ascending id, as lockWallets locks), before any row
        // takes its seq, and nothing is written unless each is still as remembered (BatchTransaction.write).
        String asRemembered = "(select count(*) from planned_on) = :plannedCount";
        String unlessChanged = shape.plannedOn() ? " and " + asRemembered : "";
        if (shape.plannedOn()) {
            sql.append("with planned_on as (\n")
                    .append("    select w.wallet_id from wallet w\n")
                    .append("    join unnest(:plannedIds, :plannedVersions, :plannedBalances, :plannedChainHeads) as p(wallet_id, version, balance, chain_head)\n")
                    .append("        on w.wallet_id = p.wallet_id\n")
                    .append("    where w.version = p.version and w.balance = p.balance and w.chain_head = p.chain_head\n")
                    .append("    order by w.wallet_id\n    for update of w\n), ");
        } else {
            sql.append("with ");
        }
        sql.append("new_operation as (\n    insert into operation (").append(join(operation, Column::target)).append(", completed_at)\n")
                .append("    select ").append(join(operation, c -> "o." + c.select())).append(", :decidedAt\n")
                .append("    from unnest(").append(join(operation, c -> ":" + c.param())).append(")\n")
                .append("         with ordinality as o(").append(join(operation, Column::alias)).append(", position)\n")
                // The transaction's id is taken before the rows take their seq (the feed relies on it: PostgresWalletStore.sequence).
                .append("    where pg_current_xact_id() is not null").append(unlessChanged).append("\n")
                .append("    order by o.position\n    returning 1\n")
                .append("), new_entry as (\n")
                .append("    insert into ledger_entry (wallet_id, operation_id, delta, balance_after, hash, created_at)\n")
                .append("    select e.wallet_id, e.operation_id, e.delta, e.balance_after, e.hash, :decidedAt\n")
                .append("    from unnest(:entryWalletIds, :entryOperationIds, :entryDeltas, :entryBalancesAfter, :entryHashes)\n")
                .append("         with ordinality as e(wallet_id, operation_id, delta, balance_after, hash, position)\n")
                .append(shape.plannedOn() ? "    where " + asRemembered + "\n" : "")
                .append("    order by e.position\n    returning 1\n")
                .append("), new_wallet as (\n    update wallet w set ")
                .append(join(wallet.subList(1, wallet.size()), c -> c.target() + " = b." + c.select())).append(", updated_at = :decidedAt, version = w.version + 1\n")
                .append("    from unnest(").append(join(wallet, c -> ":" + c.param())).append(") as b(").append(join(wallet, Column::alias)).append(")\n")
                .append("    where w.wallet_id = b.wallet_id").append(unlessChanged).append("\n    returning 1\n)");
        if (shape.holds()) {
            sql.append(", new_hold as (\n")
                    .append("    insert into hold (hold_id, wallet_id, to_wallet_id, amount, captured_amount, status, expires_at, created_at, settled_at)\n")
                    .append("    select h.id, h.wallet_id, h.to_wallet_id, h.amount, h.captured, h.status, h.expires_at::timestamptz,\n")
                    .append("           h.created_at::timestamptz, h.settled_at::timestamptz\n")
                    .append("    from unnest(:holdHoldIds, :holdWalletIds, :holdToWalletIds, :holdAmounts, :holdCaptured, :holdStatuses,\n")
                    .append("                :holdExpiresAts, :holdCreatedAts, :holdSettledAts)\n")
                    .append("         as h(id, wallet_id, to_wallet_id, amount, captured, status, expires_at, created_at, settled_at)\n")
                    .append(shape.plannedOn() ? "    where " + asRemembered + "\n" : "")
                    .append("    on conflict (hold_id) do update\n")
                    .append("        set captured_amount = excluded.captured_amount, status = excluded.status, settled_at = excluded.settled_at\n")
                    .append("    returning 1\n)");
        }
        sql.append("\nselect (select count(*) from new_operation) as operations,\n")
                .append("       (select count(*) from new_entry) as entries,\n")
                .append("       (select count(*) from new_wallet) as wallets,\n")
                .append(shape.holds() ? "       (select count(*) from new_hold) as holds,\n" : "       0 as holds,\n")
                .append(shape.plannedOn() ? "       (select count(*) from planned_on) as planned\n" : "       0 as planned\n");
        return sql.toString();
    }

    private static String join(List<Column> columns, Function<Column, String> part) {
        return String.join(", ", columns.stream().map(part).toList());
    }

    /** Binds the plan's arrays the shape uses, and nothing else. */
    static Query bind(Query query, BatchWrites writes, Shape shape) {
        List<UUID> ids = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<UUID> walletIds = new ArrayList<>();
        List<UUID> targetIds = new ArrayList<>();
        List<Long> amounts = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        List<String> rejections = new ArrayList<>();
        List<Long> balancesAfter = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> fingerprints = new ArrayList<>();
        List<String> createdAts = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<UUID> holdIds = new ArrayList<>();
        List<String> expiresAts = new ArrayList<>();
        List<Long> limitOverdrafts = new ArrayList<>();
        List<Long> limitMaxBalances = new ArrayList<>();
        List<Long> limitMaxDays = new ArrayList<>();
        List<Long> limitMaxMonths = new ArrayList<>();
        List<String> setStatuses = new ArrayList<>();
        List<String> opEntryHashes = new ArrayList<>();
        List<String> opTargetEntryHashes = new ArrayList<>();
        // Each operation's entries (one per wallet it changed), so its row keeps their hashes for history.
        Map<OperationId, List<ChainedEntry>> entriesByOperation = new java.util.HashMap<>();
        for (ChainedEntry chained : writes.entries()) {
            entriesByOperation.computeIfAbsent(chained.entry().operationId(), id -> new ArrayList<>(2)).add(chained);
        }
        for (StoredOperation row : writes.operations()) {
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
            limitMaxBalances.add(limits == null ? null : Rows.boxed(limits.maxBalance()));
            limitMaxDays.add(limits == null ? null : Rows.boxed(limits.maxDebitPerDay()));
            limitMaxMonths.add(limits == null ? null : Rows.boxed(limits.maxDebitPerMonth()));
            setStatuses.add(operation instanceof Operation.StatusChange change ? change.status().name() : null);
            String entryHash = null;
            String targetEntryHash = null;
            for (ChainedEntry chained : entriesByOperation.getOrDefault(record.id(), List.of())) {
                if (chained.entry().walletId().equals(record.walletId())) {
                    entryHash = chained.hash();
                } else {
                    targetEntryHash = chained.hash();
                }
            }
            opEntryHashes.add(entryHash);
            opTargetEntryHashes.add(targetEntryHash);
        }
        query.bind("opIds", BinaryArrays.uuids(ids))
                .bind("types", BinaryArrays.texts(types))
                .bind("walletIds", BinaryArrays.uuids(walletIds))
                .bind("targetIds", BinaryArrays.uuids(targetIds))
                .bind("amounts", BinaryArrays.longs(amounts))
                .bind("statuses", BinaryArrays.texts(statuses))
                .bind("rejections", BinaryArrays.texts(rejections))
                .bind("balancesAfter", BinaryArrays.longs(balancesAfter))
                .bind("keys", BinaryArrays.texts(keys))
                .bind("fingerprints", BinaryArrays.texts(fingerprints))
                .bind("createdAts", BinaryArrays.texts(createdAts))
                .bind("failures", BinaryArrays.texts(failures))
                .bind("opEntryHashes", BinaryArrays.hashes(opEntryHashes))
                .bind("opTargetEntryHashes", BinaryArrays.hashes(opTargetEntryHashes));
        if (shape.holdSteps()) {
            query.bind("holdIds", BinaryArrays.uuids(holdIds)).bind("expiresAts", BinaryArrays.texts(expiresAts));
        }
        if (shape.ruleChanges()) {
            query.bind("limitOverdrafts", BinaryArrays.longs(limitOverdrafts))
                    .bind("limitMaxBalances", BinaryArrays.longs(limitMaxBalances))
                    .bind("limitMaxDays", BinaryArrays.longs(limitMaxDays))
                    .bind("limitMaxMonths", BinaryArrays.longs(limitMaxMonths))
                    .bind("setStatuses", BinaryArrays.texts(setStatuses));
        }
        bindEntries(query, writes.entries());
        bindEvents(query, writes.operations(), writes.events());
        bindWallets(query, writes.wallets(), shape);
        if (shape.holds()) {
            bindHolds(query, writes.holds());
        }
        if (shape.plannedOn()) {
            List<WalletSnapshot> plannedOn = writes.plannedOn();
            query.bind("plannedIds", BinaryArrays.uuids(plannedOn.stream().map(w -> w.id().value()).toList()))
                    .bind("plannedVersions", BinaryArrays.longs(plannedOn.stream().map(WalletSnapshot::version).toList()))
                    .bind("plannedBalances", BinaryArrays.longs(plannedOn.stream().map(w -> w.balance().amountMinor()).toList()))
                    .bind("plannedChainHeads", BinaryArrays.hashes(plannedOn.stream().map(WalletSnapshot::chainHead).toList()))
                    .bind("plannedCount", (long) plannedOn.size());
        }
        return query;
    }

    private static void bindEntries(Query query, List<ChainedEntry> entries) {
        List<UUID> walletIds = new ArrayList<>();
        List<UUID> operationIds = new ArrayList<>();
        List<Long> deltas = new ArrayList<>();
        List<Long> balancesAfter = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (ChainedEntry chained : entries) {
            LedgerEntry entry = chained.entry();
            hashes.add(chained.hash());
            walletIds.add(entry.walletId().value());
            operationIds.add(entry.operationId().value());
            deltas.add(entry.deltaMinor());
            balancesAfter.add(entry.balanceAfter().amountMinor());
        }
        query.bind("entryWalletIds", BinaryArrays.uuids(walletIds))
                .bind("entryOperationIds", BinaryArrays.uuids(operationIds))
                .bind("entryDeltas", BinaryArrays.longs(deltas))
                .bind("entryBalancesAfter", BinaryArrays.longs(balancesAfter))
                .bind("entryHashes", BinaryArrays.hashes(hashes));
    }

    /**
     * Each operation's event, kept on its row: the balances of its wallet and of its counterparty
     * right after it (null for a side the event does not name: a wallet that does not exist, or an
     * operation without an event, such as a FAILED one).
     */
    private static void bindEvents(Query query, List<StoredOperation> operations, List<OperationEvent> events) {
        Map<OperationId, OperationEvent> byOperation = new java.util.HashMap<>();
        events.forEach(event -> byOperation.put(event.operation().id(), event));
        List<Long> walletBalances = new ArrayList<>(operations.size());
        List<Long> walletAvailables = new ArrayList<>(operations.size());
        List<Long> targetBalances = new ArrayList<>(operations.size());
        List<Long> targetAvailables = new ArrayList<>(operations.size());
        for (StoredOperation row : operations) {
            OperationEvent event = byOperation.get(row.operation().id());
            EventWallet side = null;
            EventWallet target = null;
            if (event != null) {
                WalletId walletId = row.operation().walletId();
                for (EventWallet wallet : event.wallets()) {
                    if (wallet.walletId().equals(walletId) && side == null) {
                        side = wallet;
                    } else {
                        target = wallet;
                    }
                }
            }
            walletBalances.add(side == null ? null : side.balance());
            walletAvailables.add(side == null ? null : side.availableBalance());
            targetBalances.add(target == null ? null : target.balance());
            targetAvailables.add(target == null ? null : target.availableBalance());
        }
        query.bind("walletBalancesAfter", BinaryArrays.longs(walletBalances))
                .bind("walletAvailables", BinaryArrays.longs(walletAvailables))
                .bind("targetBalancesAfter", BinaryArrays.longs(targetBalances))
                .bind("targetAvailables", BinaryArrays.longs(targetAvailables));
    }

    private static void bindWallets(Query query, List<WalletSnapshot> wallets, Shape shape) {
        query.bind("walletWalletIds", BinaryArrays.uuids(wallets.stream().map(w -> w.id().value()).toList()))
                .bind("walletBalances", BinaryArrays.longs(wallets.stream().map(w -> w.balance().amountMinor()).toList()))
                .bind("walletChainHeads", BinaryArrays.hashes(wallets.stream().map(WalletSnapshot::chainHead).toList()));
        if (shape.walletState()) {
            query.bind("walletHelds", BinaryArrays.longs(wallets.stream().map(WalletSnapshot::heldAmount).toList()))
                    .bind("walletDebitDays", BinaryArrays.texts(wallets.stream().map(w -> w.debits().day().toString()).toList()))
                    .bind("walletDayTotals", BinaryArrays.longs(wallets.stream().map(w -> w.debits().dayTotal()).toList()))
                    .bind("walletDebitMonths", BinaryArrays.texts(wallets.stream().map(w -> w.debits().month().atDay(1).toString()).toList()))
                    .bind("walletMonthTotals", BinaryArrays.longs(wallets.stream().map(w -> w.debits().monthTotal()).toList()));
        }
        if (shape.ruleChanges()) {
            query.bind("walletOverdrafts", BinaryArrays.longs(wallets.stream().map(w -> w.limits().overdraftLimit()).toList()))
                    .bind("walletMaxBalances", BinaryArrays.longs(wallets.stream().map(w -> Rows.boxed(w.limits().maxBalance())).toList()))
                    .bind("walletMaxDays", BinaryArrays.longs(wallets.stream().map(w -> Rows.boxed(w.limits().maxDebitPerDay())).toList()))
                    .bind("walletMaxMonths", BinaryArrays.longs(wallets.stream().map(w -> Rows.boxed(w.limits().maxDebitPerMonth())).toList()))
                    .bind("walletStatuses", BinaryArrays.texts(wallets.stream().map(w -> w.status().name()).toList()));
        }
    }

    private static void bindHolds(Query query, List<Hold> holds) {
        query.bind("holdHoldIds", BinaryArrays.uuids(holds.stream().map(h -> h.id().value()).toList()))
                .bind("holdWalletIds", BinaryArrays.uuids(holds.stream().map(h -> h.walletId().value()).toList()))
                .bind("holdToWalletIds", BinaryArrays.uuids(holds.stream().map(h -> h.toWalletId().map(WalletId::value).orElse(null)).toList()))
                .bind("holdAmounts", BinaryArrays.longs(holds.stream().map(h -> h.amount().amountMinor()).toList()))
                .bind("holdCaptured", BinaryArrays.longs(holds.stream().map(Hold::capturedAmount).toList()))
                .bind("holdStatuses", BinaryArrays.texts(holds.stream().map(h -> h.status().name()).toList()))
                .bind("holdExpiresAts", BinaryArrays.texts(holds.stream().map(h -> h.expiresAt().toString()).toList()))
                .bind("holdCreatedAts", BinaryArrays.texts(holds.stream().map(h -> h.createdAt().toString()).toList()))
                .bind("holdSettledAts", BinaryArrays.texts(holds.stream().map(h -> h.settledAt().map(Instant::toString).orElse(null)).toList()));
    }

}
