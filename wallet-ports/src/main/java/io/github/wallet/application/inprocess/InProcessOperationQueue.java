package io.github.wallet.application.inprocess;

import io.github.wallet.application.port.DependencyUnavailableException;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The operation queue inside one JVM: a bounded ring per shard. Fast and simple, but it lives
 * and dies with the process: an operation answered 202 and not yet committed is lost if the
 * process is killed. Production with several instances uses the Redis queue instead.
 */
public final class InProcessOperationQueue implements OperationQueue {

    private static final Duration RETRY_AFTER_FULL = Duration.ofSeconds(1);

    private final List<BlockingQueue<QueuedOperation>> shards;
    /** Queued and not yet acknowledged, by id: what {@link #findPending} answers. */
    private final ConcurrentMap<OperationId, QueuedOperation> pending = new ConcurrentHashMap<>();
    /** Which pending operation holds each idempotency key. */
    private final ConcurrentMap<IdempotencyKey, QueuedOperation> claims = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param shardCount    how many independent rings (and worker threads)
     * @param capacityTotal how many operations may wait in all rings together before publish answers "full"
     */
    public InProcessOperationQueue(int shardCount, int capacityTotal) {
        if (shardCount < 1) {
            throw new IllegalArgumentException("'shardCount' must be >= 1, was " + shardCount);
        }
        if (capacityTotal < shardCount) {
            throw new IllegalArgumentException("'capacityTotal' must be >= 'shardCount' (" + shardCount + "), was " + capacityTotal);
        }
        this.shards = new ArrayList<>(shardCount);
        for (int i = 0; i < shardCount; i++) {
            shards.add(new ArrayBlockingQueue<>(capacityTotal / shardCount));
        }
    }

    @Override
    public int shardCount() {
        return shards.size();
    }

    @Override
    public Publication publish(QueuedOperation operation) {
        if (closed) {
            throw new DependencyUnavailableException("queue", "shutting down", RETRY_AFTER_FULL);
        }
        Optional<IdempotencyKey> key = operation.idempotencyKey();
        if (key.isPresent()) {
            QueuedOperation holder = claims.putIfAbsent(key.get(), operation);
            if (holder != null) {
                return new Publication.KeyHeld(holder.operation().id(), holder.fingerprint());
            }
        }
        pending.put(operation.operation().id(), operation);
        int shard = OperationQueue.shardOf(operation.operation().walletId().value(), shards.size());
        if (!shards.get(shard).offer(operation)) {
            forget(operation);
            throw new DependencyUnavailableException("queue", "shard " + shard + " is full", RETRY_AFTER_FULL);
        }
        return new Publication.Queued();
    }

    @Override
    public Optional<QueuedOperation> findPending(OperationId operationId) {
        return Optional.ofNullable(pending.get(operationId));
    }

    @Override
    public Batch take(int shard, int sizeMax, Duration wait) throws InterruptedException {
        BlockingQueue<QueuedOperation> ring = shards.get(shard);
        QueuedOperation first = ring.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        if (first == null) {
            return Batch.empty(shard);
        }
        List<QueuedOperation> operations = new ArrayList<>(Math.min(sizeMax, ring.size() + 1));
        operations.add(first);
        ring.drainTo(operations, sizeMax - 1);
        return new Batch(shard, operations, List.of());
    }

    /** Taking from the ring already removed the operations (nothing is redelivered in-process); this frees their ids and keys. */
    @Override
    public void acknowledge(Batch batch) {
        batch.operations().forEach(this::forget);
    }

    private void forget(QueuedOperation operation) {
        pending.remove(operation.operation().id());
        operation.idempotencyKey().ifPresent(key -> claims.remove(key, operation));
    }

    @Override
    public boolean isAvailable() {
        return !closed;
    }

    @Override
    public long depth(int shard) {
        return shards.get(shard).size();
    }

    @Override
    public void close() {
        closed = true;
    }
}
