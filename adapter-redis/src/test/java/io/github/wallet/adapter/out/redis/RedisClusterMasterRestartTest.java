package io.github.wallet.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.wallet.application.inprocess.InProcessOutcomeBus;
import io.github.wallet.application.port.DependencyUnavailableException;
import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.OutcomeBus;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.testing.Operations;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One master of a three-master Redis Cluster is killed (SIGKILL) under load and started again with
 * the same port and directory (AOF, {@code appendfsync always}): nothing a publish answered for is
 * lost, the other masters' shards keep working meanwhile, every failure is a 503
 * ({@link DependencyUnavailableException}), and the queue recovers by itself in bounded time.
 */
class RedisClusterMasterRestartTest {

    private static final int SHARDS = 6;
    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);

    private final TestRedisCluster cluster = TestRedisCluster.start();
    private final String prefix = TestRedisCluster.newPrefix(RedisClusterMasterRestartTest.class);
    private RedisAdapter adapter;
    private final List<RedisAdapter> others = new ArrayList<>();

    private final Set<OperationId> published = ConcurrentHashMap.newKeySet();
    private final Map<OperationId, Integer> taken = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final List<Throwable> unexpected = new CopyOnWriteArrayList<>();
    private final AtomicBoolean publishing = new AtomicBoolean(true);
    private final AtomicBoolean working = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        publishing.set(false);
        working.set(false);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        if (adapter != null) {
            adapter.close();
        }
        others.forEach(RedisAdapter::close);
        cluster.close();
    }

    private static WalletId walletOn(int shard) {
        while (true) {
            UUID id = UUID.randomUUID();
            if (OperationQueue.shardOf(id, SHARDS) == shard) {
                return new WalletId(id);
            }
        }
    }

    private void expected(RuntimeException e) {
        if (!(e instanceof DependencyUnavailableException)) {
            unexpected.add(e);
        }
    }

    /** As the service's worker: take, "commit", acknowledge; an acknowledgement that fails is sent again. */
    private void work(OperationQueue queue, int shard) {
        while (working.get()) {
            OperationQueue.Batch batch;
            try {
                batch = queue.take(shard, 100, Duration.ofMillis(50));
            } catch (RuntimeException e) {
                expected(e);
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                continue;
            } catch (InterruptedException e) {
                return;
            }
            batch.operations().forEach(op -> taken.merge(op.operation().id(), 1, Integer::sum));
            while (!batch.isEmpty() && working.get()) {
                try {
                    queue.acknowledge(batch);
                    break;
                } catch (RuntimeException e) {
                    expected(e);
                    LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                }
            }
        }
    }

    private RedisAdapter startOther(RedisSettings settings) {
        RedisAdapter other = RedisAdapter.start(settings, new InProcessOutcomeBus(), null);
        others.add(other);
        return other;
    }

    private static boolean replyArrives(RedisAdapter sender, RedisAdapter waiter) throws Exception {
        OperationId id = new OperationId(UUID.randomUUID());
        Settlement settlement = new Settlement.KeyReused(new IdempotencyKey("k-" + id));
        CompletableFuture<Settlement> waiting = waiter.outcomeBus().await(id).toCompletableFuture();
        sender.outcomeBus().publish(List.of(new OutcomeBus.Delivery(waiter.outcomeBus().replyAddress(), id, settlement)));
        try {
            return settlement.equals(waiting.get(1, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            waiting.cancel(false);
            return false;
        }
    }

    @Test
    void aMasterKilledAndRestartedUnderLoadLosesNothingPublishedAndTheQueueRecoversByItself() {
        adapter = RedisAdapter.start(new RedisSettings(cluster.url(), prefix, "survivor", SHARDS, 1_000_000, LEASE,
                Duration.ofSeconds(1), Duration.ofMinutes(1)), new InProcessOutcomeBus(), null);
        await().atMost(Duration.ofSeconds(5)).until(() -> adapter.ownedShards().size() == SHARDS);
        OperationQueue queue = adapter.queue();
        RedisKeys keys = new RedisKeys(prefix);
        // Outcomes between two more instances: the victim is the node the waiting one subscribed on,
        // and the reply channel's slot is on another master (a PUBLISH goes to the channel's slot).
        String repliesPrefix = prefix + "-replies";
        RedisAdapter sender = startOther(new RedisSettings(cluster.url(), repliesPrefix, "sender", 1, 1000, LEASE,
                Duration.ofSeconds(1), Duration.ofMinutes(1)));
        RedisAdapter waiter = null;
        int victim = -1;
        for (int attempt = 0; waiter == null; attempt++) {
            String name = "waiter-" + attempt;
            RedisAdapter candidate = startOther(new RedisSettings(cluster.url(), repliesPrefix, name, 1, 1000, LEASE,
                    Duration.ofSeconds(1), Duration.ofMinutes(1)));
            String channel = new RedisKeys(repliesPrefix).replies(name);
            int subscribedOn = cluster.subscribedOn(channel);
            if (subscribedOn != -1 && subscribedOn != cluster.masterOf(channel)) {
                waiter = candidate;
                victim = subscribedOn;
            }
        }
        Set<Integer> victimShards = new HashSet<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            if (cluster.masterOf(keys.stream(shard)) == victim) {
                victimShards.add(shard);
            }
        }
        assertThat(victimShards).isNotEmpty().hasSizeLessThan(SHARDS);

        AtomicBoolean down = new AtomicBoolean();
        AtomicLong queuedWhileDown = new AtomicLong();
        AtomicLong victimQueuedAfter = new AtomicLong(Long.MAX_VALUE);
        AtomicLong restartedAt = new AtomicLong(Long.MAX_VALUE);
        for (int shard = 0; shard < SHARDS; shard++) {
            int mine = shard;
            threads.add(Thread.ofPlatform().name("worker-" + shard).start(() -> work(queue, mine)));
        }
        for (int p = 0; p < 2; p++) {
            int publisher = p;
            threads.add(Thread.ofPlatform().name("publisher-" + p).start(() -> {
                for (long n = publisher; publishing.get(); n += 2) {
                    int shard = (int) (n % SHARDS);
                    QueuedOperation operation = Operations.deposit(walletOn(shard), 1);
                    try {
                        if (queue.publish(operation) instanceof OperationQueue.Publication.Queued) {
                            published.add(operation.operation().id());
                            if (down.get()) {
                                queuedWhileDown.incrementAndGet();
                            }
                            long now = System.nanoTime();
                            if (victimShards.contains(shard) && now - restartedAt.get() > 0) {
                                victimQueuedAfter.compareAndSet(Long.MAX_VALUE, now);
                            }
                        }
                    } catch (RuntimeException e) {
                        refused.incrementAndGet();
                        expected(e);
                        LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
                    }
                }
            }));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() >= 300 && !taken.isEmpty());
        cluster.kill(victim);
        down.set(true);
        long killed = System.nanoTime();
        // The victim's shards answer 503 at once; the other masters' shards go on.
        await().atMost(Duration.ofSeconds(20)).until(() -> refused.get() > 0 && queuedWhileDown.get() >= 200
                && System.nanoTime() - killed > Duration.ofSeconds(2).toNanos());
        long refusedWhileDown = refused.get();
        assertThat(queue.isAvailable()).as("ready while the other masters answer").isTrue();
        // The waiting instance's subscription moves to a node that is up: outcomes reach it during the outage.
        RedisAdapter waiting = waiter;
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(replyArrives(sender, waiting)).isTrue());

        cluster.restart(victim);
        down.set(false);
        restartedAt.set(System.nanoTime());
        await().atMost(RECOVERY_BOUND).until(() -> victimQueuedAfter.get() != Long.MAX_VALUE);
        Duration recovery = Duration.ofNanos(victimQueuedAfter.get() - restartedAt.get());
        long queuedAtRecovery = published.size();
        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() >= queuedAtRecovery + 300);
        publishing.set(false);

        // Everything published is taken (at least once) and acknowledged: the streams empty out.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(taken.keySet()).containsAll(published);
            for (int shard = 0; shard < SHARDS; shard++) {
                assertThat(queue.depth(shard)).as("shard %d", shard).isZero();
            }
        });
        working.set(false);

        Set<OperationId> missing = new HashSet<>(published);
        missing.removeAll(taken.keySet());
        long again = taken.values().stream().filter(count -> count > 1).count();
        System.out.printf("master restart: %d published, %d refused (%d while down), %d taken more than once, "
                        + "victim's shards %s queued again %d ms after the restart%n",
                published.size(), refused.get(), refusedWhileDown, again, victimShards, recovery.toMillis());
        assertThat(unexpected).as("failures other than 503").isEmpty();
        assertThat(missing).as("published, never taken").isEmpty();
        assertThat(refusedWhileDown).as("the victim's shards refused while it was down").isPositive();
        assertThat(recovery).isLessThan(RECOVERY_BOUND);
        assertThat(queue.isAvailable()).isTrue();
    }
}
