package io.github.wallet.application.testing;

import io.github.wallet.application.port.DependencyUnavailableException;
import io.github.wallet.application.port.HoldPage;
import io.github.wallet.application.port.OperationPage;
import io.github.wallet.application.port.out.BatchTransaction;
import io.github.wallet.application.port.out.BatchWrites;
import io.github.wallet.application.port.out.ChainedEntry;
import io.github.wallet.application.port.out.StoredEntry;
import io.github.wallet.application.port.out.StoredOperation;
import io.github.wallet.application.port.out.WalletStore;
import io.github.wallet.domain.operation.Hold;
import io.github.wallet.domain.operation.HoldStatus;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.LedgerEntry;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.function.Function;

/**
 * A wallet store in memory: the same contract as the PostgreSQL one (proved by
 * {@link WalletStoreContract}), for fast tests of everything around the store. It only keeps
 * what it is given, like any store: every decision is the core's. It can be switched "down" to
 * test how the rest behaves when the store is unreachable.
 */
public final class InMemoryWalletStore implements WalletStore {

    private int keyLookups;
    private record OpenedWallet(WalletSnapshot wallet, Optional<IdempotencyKey> key, RequestFingerprint fingerprint) {
    }

    private final Map<WalletId, OpenedWallet> wallets = new HashMap<>();
    private final Map<OperationId, StoredOperation> operations = new HashMap<>();
    private final Map<IdempotencyKey, StoredOperation> operationsByKey = new HashMap<>();
    /** History in commit order; an operation's position (1-based) is its seq. */
    private final List<StoredOperation> history = new ArrayList<>();
    private final List<ChainedEntry> ledger = new ArrayList<>();
    /** When each operation was decided, for the entries' chain. */
    private final Map<OperationId, java.time.Instant> decidedAt = new HashMap<>();
    private final Map<OperationId, Hold> holds = new HashMap<>();
    /** The outbox in write order; events are placed in the feed by sequence(), as the real store does. */
    private final List<io.github.wallet.application.port.OperationEvent> outbox = new ArrayList<>();
    private final List<io.github.wallet.application.port.FeedEvent> feed = new ArrayList<>();
    private volatile boolean down;

    /** Makes every call fail as if the database were unreachable, until {@code false} again. */
    public void setDown(boolean value) {
        this.down = value;
    }

    private void checkUp() {
        if (down) {
            throw new DependencyUnavailableException("store", "switched down for a test", Duration.ofSeconds(1));
        }
    }

    @Override
    public synchronized WalletCreation createWallet(Wallet wallet, Optional<IdempotencyKey> key, RequestFingerprint fingerprint) {
        checkUp();
        Optional<OpenedWallet> earlier = key.flatMap(k -> wallets.values().stream().filter(w -> w.key().equals(key)).findFirst());
        if (earlier.isPresent()) {
            return new WalletCreation.KeyTaken(key.get(), earlier.get().wallet(), earlier.get().fingerprint());
        }
        if (wallets.containsKey(wallet.id())) {
            return new WalletCreation.IdTaken(wallet.id());
        }
        WalletSnapshot snapshot = WalletSnapshot.of(wallet);
        wallets.put(wallet.id(), new OpenedWallet(snapshot, key, fingerprint));
        return new WalletCreation.Created(snapshot);
    }

    @Override
    public synchronized Optional<WalletSnapshot> findWallet(WalletId walletId) {
        checkUp();
        return Optional.ofNullable(wallets.get(walletId)).map(OpenedWallet::wallet);
    }

    /** How often idempotency keys were looked up ({@link #findOperationsByKeys}), for tests of who looks. */
    public synchronized int keyLookups() {
        return keyLookups;
    }

    @Override
    public synchronized Optional<OperationRecord.Decided> findOperation(OperationId operationId) {
        checkUp();
        return Optional.ofNullable(operations.get(operationId)).map(StoredOperation::operation);
    }

    @Override
    public synchronized List<StoredOperation> findOperationsByKeys(Collection<IdempotencyKey> keys) {
        checkUp();
        keyLookups++;
        return keys.stream().map(operationsByKey::get).filter(java.util.Objects::nonNull).toList();
    }

    @Override
    public synchronized OperationPage listOperations(WalletId walletId, int limit, OptionalLong before) {
        checkUp();
        List<OperationRecord> page = new ArrayList<>();
        for (int seq = (int) Math.min(history.size(), before.orElse(Long.MAX_VALUE) - 1); seq >= 1; seq--) {
            OperationRecord.Decided record = history.get(seq - 1).operation();
            if (record.operation().walletIds().contains(walletId)) {
                if (page.size() == limit) {
                    // One more than fits: the next page starts with it.
                    return new OperationPage(page, OptionalLong.of(seq + 1L));
                }
                page.add(record);
            }
        }
        return new OperationPage(page, OptionalLong.empty());
    }

    @Override
    public synchronized Optional<Hold> findHold(OperationId holdId) {
        checkUp();
        return Optional.ofNullable(holds.get(holdId));
    }

    @Override
    public synchronized HoldPage listHolds(WalletId walletId, Optional<HoldStatus> status, int limit, Optional<OperationId> before) {
        checkUp();
        // Hold ids are time-ordered: newest first is id descending.
        List<Hold> matching = holds.values().stream()
                .filter(h -> h.walletId().equals(walletId) && status.map(h.status()::equals).orElse(true))
                .filter(h -> before.map(b -> h.id().value().compareTo(b.value()) < 0).orElse(true))
                .sorted(java.util.Comparator.comparing((Hold h) -> h.id().value()).reversed())
                .limit(limit + 1L)
                .toList();
        boolean more = matching.size() > limit;
        List<Hold> page = more ? matching.subList(0, limit) : matching;
        return new HoldPage(page, more ? Optional.of(page.getLast().id()) : Optional.empty());
    }

    @Override
    public synchronized List<Hold> findDueHolds(java.time.Instant now, Optional<Hold> after, int limit) {
        checkUp();
        java.util.Comparator<Hold> order = java.util.Comparator.comparing(Hold::expiresAt).thenComparing(h -> h.id().value());
        return holds.values().stream().filter(h -> h.isActive() && h.hasExpiredAt(now))
                .filter(h -> after.isEmpty() || order.compare(h, after.get()) > 0)
                .sorted(order).limit(limit).toList();
    }

    @Override
    public synchronized Optional<WalletSnapshot> readChain(WalletId walletId, java.util.function.Consumer<StoredEntry> consumer) {
        checkUp();
        Optional<WalletSnapshot> wallet = findWallet(walletId);
        if (wallet.isEmpty()) {
            return wallet;
        }
        for (ChainedEntry chained : ledger) {
            LedgerEntry entry = chained.entry();
            if (entry.walletId().equals(walletId)) {
                consumer.accept(new StoredEntry(walletId, entry.operationId(), chained.type(), entry.deltaMinor(), entry.balanceAfter().amountMinor(),
                        decidedAt.get(entry.operationId()), chained.hash()));
            }
        }
        return wallet;
    }

    @Override
    public synchronized long sequence() {
        checkUp();
        int count = outbox.size();
        for (int i = 0; i < count; i++) {
            feed.add(new io.github.wallet.application.port.FeedEvent(feed.size() + 1L, outbox.removeFirst()));
        }
        return count;
    }

    @Override
    public synchronized List<io.github.wallet.application.port.FeedEvent> read(long position, int limit, Optional<WalletId> walletId) {
        checkUp();
        return feed.stream().filter(e -> e.position() > position)
                .filter(e -> walletId.map(id -> e.event().wallets().stream().anyMatch(w -> w.walletId().equals(id))).orElse(true))
                .limit(limit).toList();
    }

    @Override
    public synchronized long end() {
        checkUp();
        return feed.size();
    }

    @Override
    public synchronized java.time.Duration lag(java.time.Instant now) {
        return outbox.isEmpty() ? java.time.Duration.ZERO : java.time.Duration.between(outbox.getFirst().operation().decidedAt(), now);
    }

    @Override
    public synchronized <T> T inTransaction(Function<BatchTransaction, T> work) {
        checkUp();
        return work.apply(new Transaction());
    }

    @Override
    public boolean isAvailable() {
        return !down;
    }

    /** The sum of a wallet's ledger entries, to check conservation against its balance. */
    public synchronized long ledgerSum(WalletId walletId) {
        return ledger.stream().filter(e -> e.entry().walletId().equals(walletId)).mapToLong(e -> e.entry().deltaMinor()).sum();
    }

    /** Runs under the store's lock, so it sees and changes the maps alone, as a serial transaction would. */
    private final class Transaction implements BatchTransaction {

        @Override
        public List<Wallet> lockWallets(SortedSet<WalletId> walletIds) {
            return walletIds.stream().filter(wallets::containsKey).map(id -> wallets.get(id).wallet().toWallet()).toList();
        }

        @Override
        public List<StoredOperation> findStored(Collection<OperationId> operationIds, Collection<IdempotencyKey> keys) {
            List<StoredOperation> found = new ArrayList<>();
            operationIds.stream().map(operations::get).filter(java.util.Objects::nonNull).forEach(found::add);
            keys.stream().map(operationsByKey::get).filter(java.util.Objects::nonNull).forEach(found::add);
            return found;
        }

        @Override
        public List<Hold> findHolds(Collection<OperationId> holdIds) {
            return holdIds.stream().map(holds::get).filter(java.util.Objects::nonNull).toList();
        }

        @Override
        public void write(BatchWrites writes) {
            // The unique keys of the real store: check all first, so a refused write changes nothing.
            for (StoredOperation row : writes.operations()) {
                if (operations.containsKey(row.operation().id()) || row.idempotencyKey().filter(operationsByKey::containsKey).isPresent()) {
                    throw new AlreadyStoredException("operation " + row.operation().id() + " or its key is stored already", null);
                }
            }
            for (WalletSnapshot remembered : writes.plannedOn()) {
                OpenedWallet stored = wallets.get(remembered.id());
                WalletSnapshot now = stored == null ? null : stored.wallet();
                if (now == null || now.version() != remembered.version() || !now.balance().equals(remembered.balance())
                        || !now.chainHead().equals(remembered.chainHead())) {
                    throw new WalletChangedException("wallet " + remembered.id() + " is not as the batch remembered it");
                }
            }
            for (StoredOperation row : writes.operations()) {
                operations.put(row.operation().id(), row);
                row.idempotencyKey().ifPresent(key -> operationsByKey.put(key, row));
                history.add(row);
                decidedAt.put(row.operation().id(), row.operation().decidedAt());
            }
            ledger.addAll(writes.entries());
            for (WalletSnapshot changed : writes.wallets()) {
                wallets.computeIfPresent(changed.id(), (id, opened) -> new OpenedWallet(changed, opened.key(), opened.fingerprint()));
            }
            writes.holds().forEach(hold -> holds.put(hold.id(), hold));
            outbox.addAll(writes.events());
        }
    }
}
