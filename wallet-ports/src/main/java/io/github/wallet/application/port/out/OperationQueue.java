package io.github.wallet.application.port.out;

import java.time.Duration;
import java.util.List;

/**
 * The queue between accepting an operation and applying it: sharded by wallet, so that one
 * consumer per shard applies each wallet's operations in the order they were queued.
 */
public interface OperationQueue extends AutoCloseable {

    int shardCount();

    /**
     * Queues the operation on its wallet's shard.
     *
     * @throws io.github.wallet.application.port.DependencyUnavailableException when the queue is full or down
     */
    void publish(QueuedOperation operation);

    /**
     * Waits up to {@code wait} for operations of the shard and returns up to {@code sizeMax} of
     * them in queue order; an empty batch when none came (or this instance does not own the shard).
     */
    Batch take(int shard, int sizeMax, Duration wait) throws InterruptedException;

    /** Confirms the batch is committed; it will not be delivered again. */
    void acknowledge(Batch batch);

    /** How many operations wait in the shard (queued, not yet acknowledged), for metrics; -1 when unknown. */
    long depth(int shard);

    /** Whether the queue takes operations right now (readiness). */
    boolean isAvailable();

    @Override
    void close();

    /** Operations taken from one shard, with whatever the queue needs to acknowledge them. */
    record Batch(int shard, List<QueuedOperation> operations, List<String> receipts) {
        public Batch {
            operations = List.copyOf(operations);
            receipts = List.copyOf(receipts);
        }

        public static Batch empty(int shard) {
            return new Batch(shard, List.of(), List.of());
        }

        public boolean isEmpty() {
            return operations.isEmpty();
        }

        public int size() {
            return operations.size();
        }
    }

    /** The shard of a wallet: a stable hash of its id, so every instance agrees. */
    static int shardOf(java.util.UUID walletId, int shardCount) {
        long mixed = walletId.getMostSignificantBits() ^ walletId.getLeastSignificantBits();
        return (int) Math.floorMod(mixed ^ (mixed >>> 32), (long) shardCount);
    }
}
