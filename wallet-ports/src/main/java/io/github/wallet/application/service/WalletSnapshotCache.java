package io.github.wallet.application.service;

import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wallets as this process last committed or read them, so a balance read needs no store round
 * trip, and the worker can plan a batch without reading its wallets first. For reads it is
 * correct only where this process is the only writer of the store (the in-process queue): the
 * worker offers every wallet a batch wrote, after its commit and before its answers go out, so a
 * client that got a 200 reads its own write. The worker's plans need no such promise: the store
 * checks that every wallet a plan was made on is still as kept here before writing
 * ({@code BatchWrites#plannedOn}), so with Redis the worker keeps one of its own.
 *
 * <p>Two shards can write one wallet (a transfer locks both sides) and offer their snapshots in
 * either order, and a read-through may offer one read before a commit after it: whatever the
 * order, the snapshot with the higher {@link WalletSnapshot#version() version} stays, so what a
 * read answers never goes back. Nothing is ever evicted, since a late offer of an older snapshot
 * could then come back in; once {@code capacity} wallets are kept, others are read from the store.
 */
public final class WalletSnapshotCache {

    private final ConcurrentHashMap<WalletId, WalletSnapshot> snapshots;
    private final int capacity;

    /** Keeps up to {@code capacity} wallets; 0 keeps none (every read goes to the store). */
    public WalletSnapshotCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("'capacity' must be >= 0, was " + capacity);
        }
        this.capacity = capacity;
        this.snapshots = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
    }

    public static WalletSnapshotCache off() {
        return new WalletSnapshotCache(0);
    }

    public Optional<WalletSnapshot> get(WalletId walletId) {
        return capacity == 0 ? Optional.empty() : Optional.ofNullable(snapshots.get(walletId));
    }

    /** Keeps the snapshot unless a newer one of the same wallet is kept already (or the cache is full). */
    public void offer(WalletSnapshot snapshot) {
        if (capacity == 0 || (snapshots.size() >= capacity && !snapshots.containsKey(snapshot.id()))) {
            return;
        }
        snapshots.merge(snapshot.id(), snapshot, (kept, offered) -> offered.isNewerThan(kept) ? offered : kept);
    }

    public int size() {
        return snapshots.size();
    }
}
