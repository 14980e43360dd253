package io.github.wallet.application.service;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.BatchStore;
import io.github.wallet.application.port.out.BatchTransaction;
import io.github.wallet.application.port.out.BatchWrites;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.port.out.StoredOperation;
import io.github.wallet.domain.operation.Hold;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Commits one batch in ONE store transaction: lock its wallets, let the {@link BatchPlanner}
 * decide, write the plan, commit. When this process remembers every wallet of the batch as it
 * last committed it, the separate lock and read are skipped: the write statement locks them
 * itself and writes only if they are still as remembered (see {@link #commitNew}).
 *
 * <p>Almost every batch is new, so the first try skips the look-up of stored operations and lets
 * the store's unique keys catch a redelivery; such a try rolls back whole and the batch runs
 * again with the look-up, whose answers the planner uses (exactly once, one round trip saved).
 *
 * <p>A batch the store refuses (a constraint, a value it cannot keep) must not stop its shard:
 * it is split in halves, committed in queue order, until the operation that is refused stands
 * alone; that one is kept as FAILED with the store's reason, and the rest commit as usual.
 * Failures of the store itself (unreachable, restarting) are thrown, for the worker to retry the
 * batch whole.
 */
@Singleton
public final class BatchCommitter {

    private final BatchStore store;
    private final ZoneId limitsZone;
    private final WalletSnapshotCache cache;
    private final LongAdder replanned = new LongAdder();

    @Inject
    public BatchCommitter(BatchStore store, RuleSettings rules, WalletSnapshotCache cache) {
        this.store = store;
        this.limitsZone = rules.limitsZone();
        this.cache = cache;
    }

    /** Each operation's settlement, in batch order, once committed. */
    public List<Settlement> commit(List<QueuedOperation> batch, Instant decidedAt) {
        if (batch.isEmpty()) {
            return List.of();
        }
        // What the store keeps (PostgreSQL: microseconds), before anything is hashed with it: an embedder's
        // clock may give nanoseconds, and the chain recomputed from the stored time must match.
        decidedAt = decidedAt.truncatedTo(ChronoUnit.MICROS);
        try {
            return commitWhole(batch, decidedAt);
        } catch (BatchStore.UnwritableException refused) {
            if (batch.size() == 1) {
                return List.of(failed(batch.getFirst(), refused, decidedAt));
            }
            int half = batch.size() / 2;
            List<Settlement> settled = new ArrayList<>(commit(batch.subList(0, half), decidedAt));
            settled.addAll(commit(batch.subList(half, batch.size()), decidedAt));
            return settled;
        }
    }

    /**
     * Commits the batch; then (committed, before any answer goes out) its wallets go to memory: as
     * written, and, when it locked and read them, as read under lock. A batch committed before
     * (a commit whose answer was lost, then retried) writes nothing the second time; the wallets as
     * read are what that earlier commit left, and its answers must not find memory older.
     */
    private List<Settlement> commitWhole(List<QueuedOperation> batch, Instant decidedAt) {
        Planned committed;
        try {
            committed = commitNew(batch, decidedAt);
        } catch (BatchStore.AlreadyStoredException redelivered) {
            committed = store.inTransaction(tx -> planAndWrite(tx, batch, decidedAt, null, true));
        }
        committed.locked().forEach(cache::offer);
        committed.plan().writes().wallets().forEach(cache::offer);
        return committed.plan().settlements();
    }

    /**
     * Commits the batch as a new one. When every wallet it touches is in memory as this process last
     * committed it, the batch is planned on those, with no lock-and-read round trip first: the write
     * statement locks those wallets before anything else and writes nothing unless each still has
     * the remembered version, balance and chain head, so a wallet written meanwhile (a transfer of
     * another shard, another instance, a hand edit) makes the batch run again the usual way, locked
     * and read. That covers wallets the plan does not write too: a rejection depends on a balance.
     */
    private Planned commitNew(List<QueuedOperation> batch, Instant decidedAt) {
        Optional<List<WalletSnapshot>> remembered = remembered(batch);
        if (remembered.isPresent()) {
            try {
                return store.inTransaction(tx -> planAndWrite(tx, batch, decidedAt, remembered.get(), false));
            } catch (BatchStore.WalletChangedException changed) {
                // Someone wrote one of the wallets after this process did: plan on them as stored.
                replanned.increment();
            }
        }
        return store.inTransaction(tx -> planAndWrite(tx, batch, decidedAt, null, false));
    }

    /**
     * Batches planned on remembered wallets that had changed meanwhile, and so ran again locked and
     * read: how often memory goes stale (cross-shard transfers, several instances, shards moving).
     */
    public long replanned() {
        return replanned.sum();
    }

    /** The batch's wallets as this process last committed them, when it has them all and the batch reads no holds. */
    private Optional<List<WalletSnapshot>> remembered(List<QueuedOperation> batch) {
        if (!BatchPlanner.holdsToRead(batch).isEmpty()) {
            return Optional.empty();
        }
        SortedSet<WalletId> ids = BatchPlanner.walletsToLock(batch);
        List<WalletSnapshot> wallets = new ArrayList<>(ids.size());
        for (WalletId id : ids) {
            Optional<WalletSnapshot> kept = cache.get(id);
            if (kept.isEmpty()) {
                return Optional.empty();
            }
            wallets.add(kept.get());
        }
        return Optional.of(wallets);
    }

    /** A batch's plan, with its wallets as read under lock before the plan changed them (none when planned on memory). */
    private record Planned(List<WalletSnapshot> locked, BatchPlan plan) {
    }

    /**
     * Keeps the refused operation as FAILED: no entry, no balance, only the row that answers it.
     * Should even that be refused, the answer still goes out (the operation had no effect), but
     * nothing keeps it; the log says so.
     */
    private Settlement failed(QueuedOperation refused, RuntimeException why, Instant decidedAt) {
        OperationRecord.Decided failed = refused.operation().decided(new Outcome.Failed(why.getMessage()), decidedAt);
        StoredOperation row = new StoredOperation(failed, refused.idempotencyKey(), refused.fingerprint());
        try {
            store.inTransaction(tx -> {
                tx.write(BatchWrites.operationsOnly(decidedAt, List.of(row)));
                return null;
            });
        } catch (BatchStore.UnwritableException | BatchStore.AlreadyStoredException stillRefused) {
            System.getLogger(BatchCommitter.class.getName()).log(System.Logger.Level.ERROR,
                    "operation " + failed.id() + " failed and could not be kept as failed either: " + stillRefused.getMessage());
        }
        return new Settlement.Committed(failed, 0);
    }

    /**
     * The batch's time, never before the last change of a wallet it touches, when that is at most
     * {@link #CLOCK_BEHIND_MAX} ahead: an instance whose clock is a little behind the one that last
     * wrote a wallet (a shard handed over around midnight) would otherwise date its debits in the
     * day before, and the wallet's debit counters would start that day again and forget the later
     * day's debits. The ledger entries, their chain and the counters all take this one time, so
     * they agree ({@code audit} checks it). A wallet further ahead than that is a clock gone wrong,
     * not skew: the batch keeps its own time rather than inherit it.
     */
    static Instant notBefore(Instant decidedAt, List<Wallet> wallets) {
        Instant at = decidedAt;
        for (Wallet wallet : wallets) {
            Instant last = wallet.updatedAt();
            if (last.isAfter(at) && !last.isAfter(decidedAt.plus(CLOCK_BEHIND_MAX))) {
                at = last;
            }
        }
        return at;
    }

    /** The most a batch's time is moved forward to a wallet's last change (see {@link #notBefore}). */
    static final Duration CLOCK_BEHIND_MAX = Duration.ofMinutes(1);

    /** {@code remembered}: the wallets to plan on as remembered, or null to lock and read them here. */
    private Planned planAndWrite(BatchTransaction tx, List<QueuedOperation> batch, Instant decidedAt, List<WalletSnapshot> remembered,
                                 boolean lookUpStored) {
        List<Wallet> wallets = remembered == null
                ? tx.lockWallets(BatchPlanner.walletsToLock(batch))
                : remembered.stream().map(WalletSnapshot::toWallet).toList();
        // As read under lock, for memory after the commit: a wallet the batch only read (a rejection) is then
        // remembered as stored too, so the next batch on it need not take this path again.
        List<WalletSnapshot> locked = remembered == null ? wallets.stream().map(WalletSnapshot::of).toList() : List.of();
        List<StoredOperation> stored = lookUpStored
                ? tx.findStored(BatchPlanner.operationIds(batch), BatchPlanner.idempotencyKeys(batch))
                : List.of();
        Set<OperationId> holdIds = BatchPlanner.holdsToRead(batch);
        List<Hold> holds = holdIds.isEmpty() ? List.of() : tx.findHolds(holdIds);
        BatchPlan plan = BatchPlanner.plan(batch, wallets, holds, stored, notBefore(decidedAt, wallets), limitsZone);
        if (!plan.writes().isEmpty()) {
            tx.write(remembered == null ? plan.writes() : plan.writes().plannedOn(remembered));
        }
        return new Planned(locked, plan);
    }
}
