package io.github.wallet.application.inprocess;

import io.github.wallet.application.port.DependencyUnavailableException;
import io.github.wallet.application.port.QueueFullException;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operation queue inside one JVM: a bounded ring per shard. Fast and simple, but it lives
 * and dies with the process: an operation answered 202 and not yet committed is lost if the
 * process is killed. Production with several instances uses the Redis queue instead.
 */
public final class InProcessOperationQueue implements OperationQueue {

    private static final Duration RETRY_AFTER_FULL = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger(InProcessOperationQueue.class.getName());

    private final List<BlockingQueue<QueuedOperation>> shards;
    /** Queued and not yet acknowledged, by id: what {@link #findPending} answers. */
    private final ConcurrentMap<OperationId, QueuedOperation> pending = new ConcurrentHashMap<>();
    /** Which operation holds each idempotency key, and until when (in flight: for good). */
    private final ConcurrentMap<IdempotencyKey, Claim> claims = new ConcurrentHashMap<>();
    private final AtomicLong acknowledgements = new AtomicLong();
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
        int shard = OperationQueue.shardOf(operation.operation().walletId().value(), shards.size());
        Optional<IdempotencyKey> key = operation.idempotencyKey();
        if (key.isEmpty()) {
            refuse(enqueue(operation, shard), shard);
            return new Publication.Queued();
        }
        long now = System.nanoTime();
        Claim mine = new Claim(operation, Long.MAX_VALUE);
        Enqueued[] outcome = {Enqueued.YES};
        // Queued inside the claim's own step: no other request can see the key held by an operation
        // that is then refused (shard full, or stopping) and never exists, and join it.
        Claim held = claims.compute(key.get(), (k, existing) -> {
            if (existing != null && !existing.isOver(now)) {
                return existing;
            }
            outcome[0] = enqueue(operation, shard);
            return outcome[0] == Enqueued.YES ? mine : existing;
        });
        refuse(outcome[0], shard);
        if (held != mine) {
            return new Publication.KeyHeld(held.holder().operation().id(), held.holder().fingerprint());
        }
        return new Publication.Queued();
    }

    /** How an enqueue went. */
    private enum Enqueued { YES, FULL, STOPPING }

    /**
     * Into the shard's ring, pending first (the worker may take and acknowledge it at once). Taken
     * back if the queue began to stop meanwhile (a publish that passed the first check as stopping
     * began): its worker may have taken its last look already. Once stopping is set before the
     * workers are told to drain, whatever is still in the ring after this check is theirs.
     */
    private Enqueued enqueue(QueuedOperation operation, int shard) {
        pending.put(operation.operation().id(), operation);
        BlockingQueue<QueuedOperation> ring = shards.get(shard);
        if (!ring.offer(operation)) {
            pending.remove(operation.operation().id());
            return Enqueued.FULL;
        }
        if (closed && ring.remove(operation)) {
            pending.remove(operation.operation().id());
            return Enqueued.STOPPING;
        }
        return Enqueued.YES;
    }

    private static void refuse(Enqueued outcome, int shard) {
        switch (outcome) {
            case YES -> { }
            case FULL -> throw new QueueFullException(shard, RETRY_AFTER_FULL);
            case STOPPING -> throw new DependencyUnavailableException("queue", "shutting down", RETRY_AFTER_FULL);
        }
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

    /**
     * Taking from the ring already removed the operations (nothing is redelivered in-process);
     * this forgets them as pending and starts the end of their keys' hold. Every so often it also
     * sweeps out holds that are over, so keys nobody asks for again do not pile up.
     */
    @Override
    public void acknowledge(Batch batch) {
        long now = System.nanoTime();
        long releaseAt = now + COMMITTED_KEY_HOLD.toNanos();
        for (QueuedOperation operation : batch.operations()) {
            pending.remove(operation.operation().id());
            operation.idempotencyKey().ifPresent(key -> claims.computeIfPresent(key,
                    (k, claim) -> claim.holder() == operation ? new Claim(operation, releaseAt) : claim));
        }
        if (acknowledgements.incrementAndGet() % SWEEP_EVERY_ACKNOWLEDGEMENTS == 0) {
            claims.values().removeIf(claim -> claim.isOver(now));
        }
    }

    private static final int SWEEP_EVERY_ACKNOWLEDGEMENTS = 1_024;

    /** A key held by an operation until {@code releaseAtNanos} ({@link System#nanoTime()}). */
    private record Claim(QueuedOperation holder, long releaseAtNanos) {
        boolean isOver(long nowNanos) {
            return releaseAtNanos != Long.MAX_VALUE && nowNanos - releaseAtNanos >= 0;
        }
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
    public void stopAccepting() {
        closed = true;
    }

    /** Whatever is still here was accepted and will not be committed: said loudly, since nothing keeps it. */
    @Override
    public void close() {
        closed = true;
        if (!pending.isEmpty()) {
            LOG.log(System.Logger.Level.ERROR, pending.size() + " accepted operations were not committed before the drain wait ran out"
                    + " (PostgreSQL down or slow?) and are dropped: the in-process queue keeps nothing across a restart");
        }
    }
}
