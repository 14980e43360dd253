package io.github.wallet.application.service;

import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.OutcomeBus;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.port.out.TimeSource;
import io.github.wallet.application.port.out.WalletReads;
import io.github.wallet.domain.operation.Hold;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.RequestFingerprint;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Releases holds whose time is up, with no traffic needed: every {@link RuleSettings#holdExpiryCheck()}
 * it asks the store for due holds (an index on the expiry time) and queues an EXPIRE for each one
 * on a shard this instance owns. So the expiry is ordered with everything else on the wallet, and
 * a takeover of the shard (a restart, a crash) hands the scan over with it.
 *
 * <p>Exactly once without coordination: an expiry's id is derived from its hold's
 * ({@link Operation.HoldExpiry#idFor}), so the same expiry queued twice (by a scan that ran again
 * before the first was committed, or by two owners during a handover) is one operation to the
 * batch planner, which answers the second from the first. A hold settled in between gets a
 * rejected expiry, and nothing changes.
 */
@Singleton
public final class HoldExpiryScanner implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HoldExpiryScanner.class.getName());
    /** Due holds queued per scan at most; the rest wait for the next scan. */
    private static final int SCAN_LIMIT = 1_000;
    /**
     * Due holds read per page, and pages per scan at most: a scan reads on past holds it may not
     * queue (other shards'), and the next one goes on from where it stopped, so a long backlog
     * elsewhere costs each scan a few pages, not all of them.
     */
    private static final int PAGE = 1_000;
    private static final int PAGES_MAX = 5;
    /** An expiry queued is not queued again for this long (it is normally committed within milliseconds). */
    private static final Duration REQUEUE_AFTER = Duration.ofSeconds(10);

    private final WalletReads store;
    private final OperationQueue queue;
    private final OutcomeBus outcomes;
    private final TimeSource time;
    private final Duration interval;
    private final Map<OperationId, Long> queuedAtNanos = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
            .name("hold-expiry").daemon(true).factory());

    @Inject
    public HoldExpiryScanner(WalletReads store, OperationQueue queue, OutcomeBus outcomes, TimeSource time, RuleSettings rules) {
        this.store = store;
        this.queue = queue;
        this.outcomes = outcomes;
        this.time = time;
        this.interval = rules.holdExpiryCheck();
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::scanQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scanQuietly() {
        try {
            scan();
        } catch (RuntimeException e) {
            // The store or the queue is down: the next scan tries again; nothing is lost meanwhile.
            LOG.log(System.Logger.Level.DEBUG, "hold expiry scan failed: " + e.getMessage());
        }
    }

    /** Where the last scan stopped reading, when it stopped before the last due hold. */
    private Optional<Hold> resumeAfter = Optional.empty();

    /** One scan: queues the expiry of every due hold on an owned shard; returns how many it queued. */
    public synchronized int scan() {
        Instant now = time.now();
        long nowNanos = System.nanoTime();
        queuedAtNanos.values().removeIf(at -> nowNanos - at > REQUEUE_AFTER.toNanos());
        int queued = 0;
        Optional<Hold> after = resumeAfter;
        Hold lastSeen = null;
        boolean readToTheEnd = false;
        // Due holds on shards another instance owns (its owner behind), or queued already and not yet
        // committed, come first in expiry order and are skipped: reading on past them keeps this
        // instance's own due holds from waiting behind them.
        pages:
        for (int page = 0; page < PAGES_MAX; page++) {
            List<Hold> due = store.findDueHolds(now, after, PAGE);
            for (Hold hold : due) {
                if (queued == SCAN_LIMIT) {
                    break pages;
                }
                lastSeen = hold;
                if (!queue.ownsShard(OperationQueue.shardOf(hold.walletId().value(), queue.shardCount()))
                        || queuedAtNanos.containsKey(hold.id())) {
                    continue;
                }
                Operation.HoldExpiry expiry = Operation.HoldExpiry.of(hold.walletId(), hold.id());
                queue.publish(new QueuedOperation(new OperationRecord.Pending(expiry, now), Optional.empty(),
                        RequestFingerprint.of(expiry), outcomes.replyAddress()));
                queuedAtNanos.put(hold.id(), nowNanos);
                queued++;
            }
            if (due.size() < PAGE) {
                readToTheEnd = true;
                break;
            }
            after = Optional.of(due.getLast());
        }
        // The next scan goes on after the last hold looked at, or from the start once this one saw them all.
        resumeAfter = readToTheEnd ? Optional.empty() : Optional.ofNullable(lastSeen);
        return queued;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
