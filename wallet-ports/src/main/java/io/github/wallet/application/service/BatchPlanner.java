package io.github.wallet.application.service;

import io.github.wallet.application.port.EventWallet;
import io.github.wallet.application.port.OperationEvent;
import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.BatchWrites;
import io.github.wallet.application.port.out.ChainedEntry;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.port.out.StoredOperation;
import io.github.wallet.domain.operation.Decision;
import io.github.wallet.domain.operation.Hold;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.Ledger;
import io.github.wallet.domain.operation.LedgerEntry;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Plans one batch, with no I/O: given the queued operations, the wallets locked for them and what
 * is stored already, it answers every operation and says what to write.
 *
 * <ul>
 *   <li>An operation stored already (a redelivery), or queued twice in the batch, keeps the outcome
 *       it got first: it takes effect once.</li>
 *   <li>An operation whose idempotency key was used before (stored, or earlier in this batch) gets
 *       that operation's outcome when it is the same request, else {@link Settlement.KeyReused}.</li>
 *   <li>Everything else is decided by the domain's {@link Ledger}, in batch (queue) order.</li>
 * </ul>
 */
public final class BatchPlanner {

    private BatchPlanner() {
    }

    /** Every wallet the batch touches, in the order they are locked (ascending, so batches never deadlock). */
    public static SortedSet<WalletId> walletsToLock(List<QueuedOperation> batch) {
        SortedSet<WalletId> ids = new TreeSet<>();
        for (QueuedOperation queued : batch) {
            ids.addAll(queued.operation().operation().walletIds());
        }
        return ids;
    }

    /** The ids to look up when the batch may be a redelivery. */
    public static Set<OperationId> operationIds(List<QueuedOperation> batch) {
        Set<OperationId> ids = new LinkedHashSet<>();
        batch.forEach(queued -> ids.add(queued.operation().id()));
        return ids;
    }

    /** The idempotency keys to look up when the batch may be a redelivery. */
    public static Set<IdempotencyKey> idempotencyKeys(List<QueuedOperation> batch) {
        Set<IdempotencyKey> keys = new LinkedHashSet<>();
        batch.forEach(queued -> queued.idempotencyKey().ifPresent(keys::add));
        return keys;
    }

    /** The holds the batch's captures, voids and expiries name: read before the batch is decided. */
    public static Set<OperationId> holdsToRead(List<QueuedOperation> batch) {
        Set<OperationId> ids = new LinkedHashSet<>();
        for (QueuedOperation queued : batch) {
            Operation operation = queued.operation().operation();
            if (!(operation instanceof Operation.HoldPlacement)) {
                operation.holdId().ifPresent(ids::add);
            }
        }
        return ids;
    }

    /** As {@link #plan(List, Collection, Collection, Collection, Instant, ZoneId)} for batches without holds, limits in UTC. */
    public static BatchPlan plan(List<QueuedOperation> batch, Collection<Wallet> locked, Collection<StoredOperation> stored, Instant decidedAt) {
        return plan(batch, locked, List.of(), stored, decidedAt, java.time.ZoneOffset.UTC);
    }

    public static BatchPlan plan(List<QueuedOperation> batch, Collection<Wallet> locked, Collection<Hold> holds,
                                 Collection<StoredOperation> stored, Instant decidedAt, ZoneId limitsZone) {
        Map<OperationId, StoredOperation> byId = new HashMap<>();
        Map<IdempotencyKey, StoredOperation> byKey = new HashMap<>();
        stored.forEach(earlier -> remember(earlier, byId, byKey));

        Ledger ledger = new Ledger(locked, holds, limitsZone);
        List<Settlement> settlements = new ArrayList<>(batch.size());
        List<StoredOperation> decided = new ArrayList<>(batch.size());
        List<ChainedEntry> entries = new ArrayList<>(batch.size());
        List<OperationEvent> events = new ArrayList<>(batch.size());
        // Each wallet's chain head as the batch goes: its stored head, then its newest entry's hash.
        Map<WalletId, String> heads = new HashMap<>();
        locked.forEach(wallet -> heads.put(wallet.id(), wallet.chainHead()));
        for (QueuedOperation queued : batch) {
            Optional<Settlement> earlier = earlierAnswer(queued, byId, byKey);
            if (earlier.isPresent()) {
                settlements.add(earlier.get());
                continue;
            }
            Decision decision = ledger.decide(queued.operation().operation(), decidedAt);
            OperationRecord.Decided record = new OperationRecord.Decided(decision.operation(), queued.operation().createdAt(), decision.outcome(), decidedAt);
            StoredOperation row = new StoredOperation(record, queued.idempotencyKey(), queued.fingerprint());
            remember(row, byId, byKey);
            decided.add(row);
            events.add(new OperationEvent(record, eventWallets(record, ledger)));
            for (LedgerEntry entry : decision.entries()) {
                String hash = EntryChain.hash(heads.get(entry.walletId()), entry.walletId(), entry.operationId(), decision.operation().type(),
                        entry.deltaMinor(), entry.balanceAfter().amountMinor(), decidedAt);
                heads.put(entry.walletId(), hash);
                entries.add(new ChainedEntry(entry, decision.operation().type(), hash));
            }
            settlements.add(new Settlement.Committed(record, 0));
        }
        List<WalletSnapshot> wallets = new ArrayList<>();
        for (Wallet wallet : ledger.touchedWallets()) {
            wallet.advanceChain(heads.get(wallet.id()));
            wallets.add(WalletSnapshot.of(wallet).written());
        }
        return new BatchPlan(settlements, new BatchWrites(decidedAt, decided, entries, wallets, List.copyOf(ledger.touchedHolds()), events));
    }

    /** The operation's wallets as they stand right after it (a wallet that does not exist is left out). */
    private static List<EventWallet> eventWallets(OperationRecord.Decided record, Ledger ledger) {
        List<EventWallet> wallets = new ArrayList<>(2);
        for (WalletId id : record.operation().walletIds()) {
            ledger.wallet(id).ifPresent(wallet -> wallets.add(new EventWallet(id, wallet.balance().amountMinor(), wallet.availableBalance())));
        }
        if (wallets.isEmpty()) {
            // A wallet that vanished (the ledger's own guard): the event still names it.
            wallets.add(new EventWallet(record.walletId(), 0, 0));
        }
        return wallets;
    }

    private static Optional<Settlement> earlierAnswer(QueuedOperation queued, Map<OperationId, StoredOperation> byId,
                                                      Map<IdempotencyKey, StoredOperation> byKey) {
        StoredOperation sameId = byId.get(queued.operation().id());
        if (sameId != null) {
            return Optional.of(new Settlement.Committed(sameId.operation(), 0));
        }
        Optional<IdempotencyKey> key = queued.idempotencyKey();
        StoredOperation sameKey = key.map(byKey::get).orElse(null);
        if (sameKey == null) {
            return Optional.empty();
        }
        return Optional.of(sameKey.fingerprint().equals(queued.fingerprint())
                ? new Settlement.Committed(sameKey.operation(), 0)
                : new Settlement.KeyReused(key.get()));
    }

    private static void remember(StoredOperation row, Map<OperationId, StoredOperation> byId, Map<IdempotencyKey, StoredOperation> byKey) {
        byId.put(row.operation().id(), row);
        row.idempotencyKey().ifPresent(key -> byKey.putIfAbsent(key, row));
    }
}
