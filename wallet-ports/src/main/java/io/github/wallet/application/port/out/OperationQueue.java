package io.github.wallet.application.port.out;

import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.RequestFingerprint;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The queue between accepting an operation and applying it: sharded by wallet, so that one
 * consumer per shard applies each wallet's operations in the order they were queued.
 *
 * <p>It also guards idempotency keys while their operation waits: queueing a keyed operation
 * claims its key in the same atomic step, and acknowledging its batch keeps the key held for
 * {@link #COMMITTED_KEY_HOLD} more, then gives it up. So a claim never exists before its entry (a
 * crash between "claim" and "queue" cannot strand a key), a duplicate finds the holder wherever it
 * was queued, and a retry soon after the commit finds it too (and the answer in the store) instead
 * of queueing again. A key committed longer ago than that is free again: whoever queues under it
 * is a duplicate the batch planner answers with the stored operation (the store's unique key),
 * and an answer given before the decision looks in the store first, after the claim, when that
 * commit is surely visible. Claims are per shard (a key's
 * retries name the same wallet, so the same shard); a different request that reuses a key on
 * another shard is caught when its batch commits (the store's unique key, then the planner).
 */
public interface OperationQueue extends AutoCloseable {

    /** How long an acknowledged operation keeps holding its idempotency key. */
    Duration COMMITTED_KEY_HOLD = Duration.ofSeconds(60);

    int shardCount();

    /**
     * Queues the operation on its wallet's shard, unless another queued operation holds its
     * idempotency key.
     *
     * @throws io.github.wallet.application.port.DependencyUnavailableException when the queue is full or down
     */
    Publication publish(QueuedOperation operation);

    /** An operation queued (on any instance) and not yet acknowledged, with where its outcome goes. */
    Optional<QueuedOperation> findPending(OperationId operationId);

    /**
     * Waits up to {@code wait} for operations of the shard and returns up to {@code sizeMax} of
     * them in queue order; an empty batch when none came (or this instance does not own the shard).
     */
    Batch take(int shard, int sizeMax, Duration wait) throws InterruptedException;

    /**
     * Confirms the batch is committed: it will not be delivered again, it is no longer pending,
     * and the keys its operations hold are given up after {@link #COMMITTED_KEY_HOLD}. Never waits
     * long: the worker calls it per batch.
     */
    void acknowledge(Batch batch);

    /**
     * Whether this instance consumes the shard right now (the in-process queue: always), so that
     * work the service starts by itself for a shard (expiring holds) runs on one instance.
     */
    default boolean ownsShard(int shard) {
        return true;
    }

    /** How many operations wait in the shard (queued, not yet acknowledged), for metrics; -1 when unknown. */
    long depth(int shard);

    /** Whether the queue takes operations right now (readiness). */
    boolean isAvailable();

    /**
     * The service is stopping: from now on {@link #publish} refuses (a 503 the client retries
     * elsewhere), while what is queued is still taken and acknowledged. Called before the workers
     * drain, so nothing is accepted after they are gone. A queue that keeps what it accepted
     * without this process (Redis) may go on taking publishes.
     */
    default void stopAccepting() {
    }

    /**
     * Whether what is queued outlives this process (Redis: the next owner of a shard takes its
     * entries, acknowledged or not): a stopping worker then stops after the batch in flight rather
     * than drain a shard that other instances may keep filling. False for a queue in this process's
     * memory, which is drained before it goes.
     */
    default boolean keepsEntriesWithoutThisProcess() {
        return false;
    }

    @Override
    void close();

    /** How a publish ended. */
    sealed interface Publication {
        /** Queued; the key, if any, is now held by this operation. */
        record Queued() implements Publication {
        }

        /** Not queued: the key is held by another queued operation, of this request fingerprint. */
        record KeyHeld(OperationId holder, RequestFingerprint fingerprint) implements Publication {
        }
    }

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
