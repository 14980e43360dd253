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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 *
 * <p><b>Pipelined commits</b> ({@link ProcessorSettings#pipelineCommits}): while batch N commits
 * (and is answered) on the shard's committing thread, the worker takes batch N+1 and writes it in
 * a second transaction. Where N+1 shares a wallet with N, its lock waits for N's commit, so it
 * plans on what N committed; N+1 is committed only once N has. Should N's commit fail, N+1 (which
 * may have planned on a state without N) is rolled back, then N and N+1 commit again one by one,
 * in order. Anything unusual while writing N+1 (a redelivery, a refused row, the store away)
 * takes the same careful path once N is settled. So the shard's order is the queue's order, and
 * the worker's cycle is no longer take, lock, write, commit, answer, but write while the other
 * commits: the WAL flush of one batch overlaps the work of the next.
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

    /** Stops taking new work once the queue is drained (or the drain wait is over), finishing the batch in flight. */
    @Override
    public synchronized void close() {
        drainDeadlineNanos = System.nanoTime() + settings.drainWait().toNanos();
        stopping = true;
        for (Thread worker : workers) {
            try {
                worker.join(settings.drainWait().plus(settings.retryDelayMax()).plusSeconds(1).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        workers.clear();
    }

    private void run(int shard) {
        if (!settings.pipelineCommits()) {
            work(shard, null);
            return;
        }
        ExecutorService committing = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("wallet-shard-" + shard + "-commit").factory());
        try {
            work(shard, committing);
        } finally {
            // A commit still in flight (the worker was interrupted) ends and is answered.
            committing.shutdown();
            try {
                committing.awaitTermination(settings.drainWait().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The worker's loop; {@code committing} is null when commits are not pipelined. */
    private void work(int shard, ExecutorService committing) {
        InFlight inFlight = null;
        while (true) {
            OperationQueue.Batch batch;
            try {
                batch = queue.take(shard, settings.batchSizeMax(), settings.pollWait());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The queue itself is down (e.g. Redis): wait and look again; nothing was taken.
                if (!settle(inFlight)) {
                    return;
                }
                inFlight = null;
                listener.batchFailed(shard, 0, e, settings.retryDelayMax().toMillis());
                pause(settings.retryDelayMax());
                if (pastDrainDeadline()) {
                    return;
                }
                continue;
            }
            if (batch.isEmpty()) {
                if (inFlight != null) {
                    if (!settle(inFlight)) {
                        return;
                    }
                    inFlight = null;
                } else if (stopping) {
                    return;
                }
                continue;
            }
            if (committing == null) {
                if (!commit(batch)) {
                    return;
                }
                continue;
            }
            long started = System.nanoTime();
            WrittenBatch written;
            try {
                // Waits here for the row locks of the batch in flight, where they share a wallet.
                written = committer.write(batch.operations(), time.now());
            } catch (RuntimeException unusual) {
                // A redelivery, a refused row, the store away: the batch in flight first, then this one the careful way.
                if (!settle(inFlight) || !commit(batch)) {
                    return;
                }
                inFlight = null;
                continue;
            }
            if (inFlight != null && !inFlight.committed()) {
                // Written on a state that may lack the batch before it: undone, and both again one by one.
                written.rollback();
                if (!commit(inFlight.batch()) || !commit(batch)) {
                    return;
                }
                inFlight = null;
                continue;
            }
            WrittenBatch toCommit = written;
            inFlight = new InFlight(batch, CompletableFuture.supplyAsync(() -> commitAndAnswer(batch, toCommit, started), committing));
        }
    }

    /** A batch whose commit (and answers) run on the shard's committing thread; true once committed and answered. */
    private record InFlight(OperationQueue.Batch batch, CompletableFuture<Boolean> outcome) {
        boolean committed() {
            return outcome.exceptionally(failure -> false).join();
        }
    }

    /**
     * Waits for the batch in flight (if any); when its commit failed, commits it again the careful
     * way. False when shutting down left it uncommitted.
     */
    private boolean settle(InFlight inFlight) {
        return inFlight == null || inFlight.committed() || commit(inFlight.batch());
    }

    /** On the committing thread: commits the written batch and answers it; false (nothing answered) when the commit failed. */
    private boolean commitAndAnswer(OperationQueue.Batch batch, WrittenBatch written, long started) {
        try {
            List<Settlement> settled = written.commit();
            answer(batch, settled, System.nanoTime() - started);
            return true;
        } catch (RuntimeException e) {
            listener.batchFailed(batch.shard(), batch.size(), e, 0);
            return false;
        }
    }

    /** Applies the batch until it commits; false when shutting down left it uncommitted (it stays unacknowledged). */
    private boolean commit(OperationQueue.Batch batch) {
        Duration delay = settings.retryDelayMin();
        while (true) {
            long started = System.nanoTime();
            try {
                List<Settlement> settled = committer.commit(batch.operations(), time.now());
                answer(batch, settled, System.nanoTime() - started);
                return true;
            } catch (RuntimeException e) {
                listener.batchFailed(batch.shard(), batch.size(), e, delay.toMillis());
                if (pastDrainDeadline()) {
                    return false;
                }
                pause(delay);
                delay = delay.multipliedBy(2).compareTo(settings.retryDelayMax()) > 0 ? settings.retryDelayMax() : delay.multipliedBy(2);
            }
        }
    }

    /** A committed batch: acknowledged (a failure is thrown, for the batch to run again), then its outcomes published. */
    private void answer(OperationQueue.Batch batch, List<Settlement> settled, long applyNanos) {
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
    }

    private boolean pastDrainDeadline() {
        return stopping && System.nanoTime() - drainDeadlineNanos > 0;
    }

    private static void pause(Duration delay) {
        LockSupport.parkNanos(delay.toNanos());
    }

}
