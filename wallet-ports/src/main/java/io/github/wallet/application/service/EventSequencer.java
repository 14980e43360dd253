package io.github.wallet.application.service;

import io.github.wallet.application.port.FeedEvent;
import io.github.wallet.application.port.in.EventQuery;
import io.github.wallet.application.port.in.EventsPage;
import io.github.wallet.application.port.in.ReadEventsUseCase;
import io.github.wallet.application.port.out.EventFeed;
import io.github.wallet.application.port.out.TimeSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Moves the feed's end on over committed events, and serves readers. One sequencer runs per
 * instance; the store lets one run at a time (see {@link EventFeed#sequence}), so with several
 * instances whichever runs publishes everyone's. It runs as soon as this instance's worker
 * commits a batch ({@link #nudge}) and every {@link #IDLE_INTERVAL} otherwise (for commits of
 * other instances); readers waiting for events wake when it moves the end, and look again at least
 * that often.
 */
public final class EventSequencer implements ReadEventsUseCase, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EventSequencer.class.getName());
    /** How often the sequencer runs without a nudge, and how often a waiting reader looks again. */
    static final Duration IDLE_INTERVAL = Duration.ofMillis(100);
    /**
     * The least time between two runs, nudged or not: each run is a transaction of its own (a WAL
     * flush), so under load nudges are coalesced into at most one run per this interval instead of
     * one per committed batch, which would compete with the batches' own flushes.
     */
    static final Duration MIN_INTERVAL = Duration.ofMillis(50);

    private final EventFeed feed;
    private final TimeSource time;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition published = lock.newCondition();
    private boolean nudged;
    private volatile boolean running = true;
    private final Thread thread;

    public EventSequencer(EventFeed feed, TimeSource time) {
        this.feed = feed;
        this.time = time;
        this.thread = Thread.ofPlatform().name("event-sequencer").daemon(true).unstarted(this::loop);
    }

    public void start() {
        thread.start();
    }

    /** A batch was committed here: publish its events now rather than at the next idle run. */
    public void nudge() {
        lock.lock();
        try {
            nudged = true;
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (running) {
            try {
                awaitWork();
                if (feed.sequence() > 0) {
                    signalReaders();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The store is down: the next run tries again; events wait beyond the feed's end meanwhile.
                LOG.log(System.Logger.Level.DEBUG, "event sequencing failed: " + e.getMessage());
            }
        }
    }

    private void awaitWork() throws InterruptedException {
        Thread.sleep(MIN_INTERVAL);
        lock.lock();
        try {
            if (!nudged) {
                work.await(IDLE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            }
            nudged = false;
        } finally {
            lock.unlock();
        }
    }

    private void signalReaders() {
        lock.lock();
        try {
            published.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public EventsPage read(EventQuery query) throws InterruptedException {
        long after = query.fromNow() ? feed.end() : query.after().orElse(0);
        long deadline = System.nanoTime() + query.waitFor().toNanos();
        while (true) {
            List<FeedEvent> items = feed.read(after, query.limit(), query.walletId());
            long remaining = deadline - System.nanoTime();
            if (!items.isEmpty() || remaining <= 0) {
                return new EventsPage(items, items.isEmpty() ? after : items.getLast().position());
            }
            lock.lock();
            try {
                published.await(Math.min(remaining, IDLE_INTERVAL.toNanos()), TimeUnit.NANOSECONDS);
            } finally {
                lock.unlock();
            }
        }
    }

    /** How long the oldest event not yet readable has waited for the feed's end to pass it. */
    public Duration lag() {
        return feed.lag(time.now());
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
