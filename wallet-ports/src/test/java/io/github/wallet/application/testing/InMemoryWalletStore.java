package io.github.wallet.application.testing;

import io.github.wallet.application.port.DependencyUnavailableException;
import io.github.wallet.application.port.OperationPage;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.port.out.WalletStore;
import io.github.wallet.domain.operation.Decision;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.Ledger;
import io.github.wallet.domain.operation.LedgerEntry;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A wallet store in memory: the same contract as the PostgreSQL one (proved by
 * {@link WalletStoreContract}), for fast tests of everything around the store. It can be
 * switched "down" to test how the rest behaves when the store is unreachable.
 */
public final class InMemoryWalletStore implements WalletStore {

    private record Row(long seq, OperationRecord record, String key, String fingerprint) {
    }

    private final Map<WalletId, WalletSnapshot> wallets = new HashMap<>();
    private final Map<String, WalletId> walletsByKey = new HashMap<>();
    private final Map<WalletId, String> walletFingerprints = new HashMap<>();
    private final Map<OperationId, Row> operations = new HashMap<>();
    private final Map<String, Row> operationsByKey = new HashMap<>();
    private final List<Row> history = new ArrayList<>();
    private final List<LedgerEntry> ledger = new ArrayList<>();
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
    public synchronized WalletCreation createWallet(Wallet wallet, Optional<IdempotencyKey> key, String fingerprint) {
        checkUp();
        if (key.isPresent() && walletsByKey.containsKey(key.get().value())) {
            WalletId earlier = walletsByKey.get(key.get().value());
            return fingerprint.equals(walletFingerprints.get(earlier))
                    ? new WalletCreation.Created(wallets.get(earlier), true)
                    : new WalletCreation.KeyTaken(key.get());
        }
        if (wallets.containsKey(wallet.id())) {
            return new WalletCreation.IdTaken(wallet.id());
        }
        WalletSnapshot snapshot = WalletSnapshot.of(wallet);
        wallets.put(wallet.id(), snapshot);
        key.ifPresent(k -> {
            walletsByKey.put(k.value(), wallet.id());
            walletFingerprints.put(wallet.id(), fingerprint);
        });
        return new WalletCreation.Created(snapshot, false);
    }

    @Override
    public synchronized Optional<WalletSnapshot> findWallet(WalletId walletId) {
        checkUp();
        return Optional.ofNullable(wallets.get(walletId));
    }

    @Override
    public synchronized Optional<OperationRecord> findOperation(OperationId operationId) {
        checkUp();
        return Optional.ofNullable(operations.get(operationId)).map(Row::record);
    }

    @Override
    public synchronized Optional<KeyedOperation> findOperationByKey(IdempotencyKey key) {
        checkUp();
        return Optional.ofNullable(operationsByKey.get(key.value())).map(row -> new KeyedOperation(row.record(), row.fingerprint()));
    }

    @Override
    public synchronized OperationPage listOperations(WalletId walletId, int limit, OptionalLong before) {
        checkUp();
        List<Row> page = new ArrayList<>();
        Row last = null;
        boolean more = false;
        for (int i = history.size() - 1; i >= 0; i--) {
            Row row = history.get(i);
            if (row.seq() >= before.orElse(Long.MAX_VALUE)) {
                continue;
            }
            if (!walletId.equals(row.record().walletId()) && !walletId.equals(row.record().targetWalletId())) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(row);
            last = row;
        }
        return new OperationPage(page.stream().map(Row::record).toList(), more ? OptionalLong.of(last.seq()) : OptionalLong.empty());
    }

    @Override
    public synchronized List<OperationRecord> apply(List<QueuedOperation> batch, Instant decidedAt) {
        checkUp();
        Set<WalletId> touched = new LinkedHashSet<>();
        batch.forEach(q -> touched.addAll(q.operation().operation().walletIds()));
        List<Wallet> loaded = touched.stream().filter(wallets::containsKey).map(id -> wallets.get(id).toWallet()).toList();
        Ledger decider = new Ledger(loaded);
        List<OperationRecord> results = new ArrayList<>(batch.size());
        for (QueuedOperation queued : batch) {
            Row stored = operations.get(queued.operation().id());
            if (stored == null && queued.idempotencyKey().isPresent()) {
                stored = operationsByKey.get(queued.idempotencyKey().get().value());
            }
            if (stored != null) {
                results.add(stored.record());
                continue;
            }
            Decision decision = decider.decide(queued.operation().operation(), decidedAt);
            OperationRecord record = OperationRecord.decided(decision, queued.operation().createdAt(), decidedAt);
            Row row = new Row(history.size() + 1L, record, queued.idempotencyKey().map(IdempotencyKey::value).orElse(null), queued.fingerprint());
            operations.put(record.id(), row);
            if (row.key() != null) {
                operationsByKey.put(row.key(), row);
            }
            history.add(row);
            ledger.addAll(decision.entries());
            results.add(record);
        }
        for (Wallet wallet : decider.touchedWallets()) {
            wallets.put(wallet.id(), WalletSnapshot.of(wallet));
        }
        return results;
    }

    @Override
    public boolean isAvailable() {
        return !down;
    }

    /** The sum of a wallet's ledger entries, to check conservation against its balance. */
    public synchronized long ledgerSum(WalletId walletId) {
        return ledger.stream().filter(e -> e.walletId().equals(walletId)).mapToLong(LedgerEntry::deltaMinor).sum();
    }
}
