package io.github.wallet.application.service;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.OutcomeBus;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.port.out.TimeSource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The batching worker: one thread per queue shard takes up to {@code batchSizeMax} operations,
 * commits them in ONE store transaction ({@link BatchCommitter}), acknowledges the queue (which
 * also frees the batch's idempotency keys), then publishes the outcomes. It makes no round trip
 * per operation and waits for neither the acknowledgement nor the publication.
 *
 * <p>One transaction per batch is the whole point: a hot wallet's row lock and the WAL flush are
 * paid once per batch instead of once per operation. Per-wallet order holds because a shard has
 * exactly one consumer and a failed batch is retried whole before anything after it.
 */
public final class OperationProcessor implements AutoCloseable {

    private final OperationQueue queue;
    private final BatchCommitter committer;
    private final OutcomeBus outcomes;
    private final TimeSource time;
    private final ProcessorSettings settings;
    private final ProcessorListener listener;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean stopping;
    private volatile long drainDeadlineNanos;

    @Inject
    public OperationProcessor(OperationQueue queue, BatchCommitter committer, OutcomeBus outcomes,
                              TimeSource time, ProcessorSettings settings, ProcessorListener listener) {
        this.queue = queue;
        this.committer = committer;
        this.outcomes = outcomes;
        this.time = time;
        this.settings = settings;
        this.listener = listener;
    }

    public synchronized void start() {
        if (!workers.isEmpty()) {
            throw new IllegalStateException("the processor is started already");
        }
        for (int shard = 0; shard < queue.shardCount(); shard++) {
            int mine = shard;
            workers.add(Thread.ofPlatform().name("wallet-shard-" + shard).daemon(false).start(() -> run(mine)));
        }
    }

    /**
     * Stops taking new work, finishing the batch in flight: at once when the queue keeps its entries
     * without this process (the next owner takes them), else once the queue is drained or the drain
     * wait is over. All workers stop together, within one deadline.
     */
    @Override
    public synchronized void close() {
        drainDeadlineNanos = System.nanoTime() + settings.drainWait().toNanos();
        stopping = true;
        long joinDeadline = drainDeadlineNanos + settings.retryDelayMax().plusSeconds(1).toNanos();
        for (Thread worker : workers) {
            try {
                worker.join(Duration.ofNanos(Math.max(1, joinDeadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        workers.clear();
    }

    private void run(int shard) {
        while (true) {
            if (stopping && (queue.keepsEntriesWithoutThisProcess() || pastDrainDeadline())) {
                // A shard other instances keep filling is never empty: stop here, not when it is.
                return;
            }
            OperationQueue.Batch batch;
            try {
                batch = queue.take(shard, settings.batchSizeMax(), settings.pollWait());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The queue itself is down (e.g. Redis): wait and look again; nothing was taken.
                listener.batchFailed(shard, 0, e, settings.retryDelayMax().toMillis());
                pause(settings.retryDelayMax());
                if (pastDrainDeadline()) {
                    return;
                }
                continue;
            }
            if (batch.isEmpty()) {
                if (stopping) {
                    return;
                }
                continue;
            }
            if (!commit(batch)) {
                return;
            }
        }
    }

    /** Applies the batch until it commits; false when shutting down left it uncommitted (it stays unacknowledged). */
    private boolean commit(OperationQueue.Batch batch) {
        Duration delay = settings.retryDelayMin();
        while (true) {
            long started = System.nanoTime();
            try {
                List<Settlement> settled = committer.commit(batch.operations(), time.now());
                long applyNanos = System.nanoTime() - started;
                queue.acknowledge(batch);
                long applyMicros = TimeUnit.NANOSECONDS.toMicros(applyNanos);
                List<Settlement> settlements = new ArrayList<>(settled.size());
                List<OutcomeBus.Delivery> deliveries = new ArrayList<>(settled.size());
                for (int i = 0; i < settled.size(); i++) {
                    Settlement settlement = settled.get(i).timed(applyMicros);
                    settlements.add(settlement);
                    QueuedOperation queued = batch.operations().get(i);
                    deliveries.add(new OutcomeBus.Delivery(queued.replyTo(), queued.operation().id(), settlement));
                }
                outcomes.publish(deliveries);
                listener.batchCommitted(batch.shard(), settlements, applyNanos);
                return true;
            } catch (RuntimeException e) {
                listener.batchFailed(batch.shard(), batch.size(), e, delay.toMillis());
                if (pastDrainDeadline() || (stopping && queue.keepsEntriesWithoutThisProcess())) {
                    // Left unacknowledged: on Redis the shard's next owner takes it again, in order.
                    return false;
                }
                pause(delay);
                delay = delay.multipliedBy(2).compareTo(settings.retryDelayMax()) > 0 ? settings.retryDelayMax() : delay.multipliedBy(2);
            }
        }
    }

    private boolean pastDrainDeadline() {
        return stopping && System.nanoTime() - drainDeadlineNanos > 0;
    }

    private static void pause(Duration delay) {
        LockSupport.parkNanos(delay.toNanos());
    }

}
