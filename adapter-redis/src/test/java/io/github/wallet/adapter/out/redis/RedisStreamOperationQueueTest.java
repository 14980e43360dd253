package io.github.wallet.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.wallet.application.port.DependencyUnavailableException;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.inprocess.InProcessOutcomeBus;
import io.github.wallet.application.testing.Operations;
import io.github.wallet.domain.wallet.WalletId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisStreamOperationQueueTest {

    private static final Duration LEASE = Duration.ofMillis(600);
    private static final Duration WAIT = Duration.ofMillis(50);

    private TestRedis redis;
    private final List<RedisAdapter> adapters = new ArrayList<>();

    @BeforeEach
    void prefix() {
        redis = TestRedis.forClass(RedisStreamOperationQueueTest.class);
    }

    @AfterEach
    void cleanUp() {
        adapters.forEach(RedisAdapter::close);
        redis.close();
    }

    private RedisAdapter start(String instance, int shards) {
        RedisAdapter adapter = RedisAdapter.start(redis.settings(instance, shards, LEASE), new InProcessOutcomeBus(), null);
        adapters.add(adapter);
        return adapter;
    }

    private static OperationQueue.Batch takeUntilSome(OperationQueue queue, int shard, int sizeMax) {
        List<OperationQueue.Batch> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            OperationQueue.Batch batch = queue.take(shard, sizeMax, WAIT);
            if (batch.isEmpty()) {
                return false;
            }
            found.add(batch);
            return true;
        });
        return found.get(0);
    }

    @Test
    void operationsAreTakenInQueueOrderAndGoneOnceAcknowledged() throws InterruptedException {
        OperationQueue queue = start("one", 1).queue();
        WalletId wallet = new WalletId(UUID.randomUUID());
        List<QueuedOperation> sent = List.of(Operations.withKey(Operations.deposit(wallet, 1), "k-" + UUID.randomUUID()),
                Operations.withdrawal(wallet, 2), Operations.transfer(wallet, new WalletId(UUID.randomUUID()), 3));
        sent.forEach(queue::publish);

        OperationQueue.Batch batch = takeUntilSome(queue, 0, 10);
        assertThat(batch.operations()).containsExactlyElementsOf(sent);
        queue.acknowledge(batch);
        assertThat(queue.take(0, 10, WAIT).isEmpty()).isTrue();
        // The acknowledgement is not awaited, but it lands: the entries leave the stream.
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.depth(0) == 0);
    }

    @Test
    void publishingStillWorksAfterRedisForgetsItsScripts() {
        OperationQueue queue = start("forgetful", 1).queue();
        WalletId wallet = new WalletId(UUID.randomUUID());
        QueuedOperation before = Operations.deposit(wallet, 1);
        queue.publish(before);
        // What a Redis restart or failover does to the script cache: EVALSHA then answers NOSCRIPT.
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().scriptFlush();
        } finally {
            client.shutdown();
        }
        QueuedOperation after = Operations.deposit(wallet, 2);
        queue.publish(after);
        assertThat(takeUntilSome(queue, 0, 10).operations()).containsExactly(before, after);
    }

    @Test
    void aFullShardRefusesAtOnce() {
        RedisAdapter adapter = RedisAdapter.start(new RedisSettings(redis.url(), redis.prefix(), "small", 1, 3, LEASE,
                Duration.ofSeconds(2), Duration.ofMinutes(1)), new InProcessOutcomeBus(), null);
        adapters.add(adapter);
        WalletId wallet = new WalletId(UUID.randomUUID());
        for (int i = 0; i < 3; i++) {
            adapter.queue().publish(Operations.deposit(wallet, 1));
        }
        assertThatThrownBy(() -> adapter.queue().publish(Operations.deposit(wallet, 1)))
                .isInstanceOf(DependencyUnavailableException.class).hasMessageContaining("full");
    }

    /**
     * Writers that arrive together share script calls ({@link ShardPublisher}); each is still
     * answered as a call of its own would answer it: the shard's capacity counts every entry
     * queued before it in the same call, and a key claimed by an earlier entry is held for the rest.
     */
    @Test
    void writersArrivingTogetherAreEachAnsweredAsAloneAndNothingElseIsQueued() throws Exception {
        int capacity = 20;
        RedisAdapter adapter = RedisAdapter.start(new RedisSettings(redis.url(), redis.prefix(), "crowded", 1, capacity, LEASE,
                Duration.ofSeconds(2), Duration.ofMinutes(1)), new InProcessOutcomeBus(), null);
        adapters.add(adapter);
        WalletId wallet = new WalletId(UUID.randomUUID());
        List<QueuedOperation> writes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            writes.add(Operations.deposit(wallet, i + 1));
        }
        for (int i = 0; i < 10; i++) {
            writes.add(Operations.withKey(Operations.deposit(wallet, 100), "same-key"));
        }
        Collections.shuffle(writes, new Random(7));
        CountDownLatch go = new CountDownLatch(1);
        Map<QueuedOperation, Object> answers = new ConcurrentHashMap<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (QueuedOperation write : writes) {
                threads.submit(() -> {
                    go.await();
                    try {
                        answers.put(write, adapter.queue().publish(write));
                    } catch (DependencyUnavailableException full) {
                        answers.put(write, full);
                    }
                    return null;
                });
            }
            go.countDown();
        }
        List<QueuedOperation> queued = writes.stream().filter(w -> answers.get(w) instanceof OperationQueue.Publication.Queued).toList();
        List<QueuedOperation> keyedQueued = queued.stream().filter(w -> w.idempotencyKey().isPresent()).toList();
        assertThat(answers).hasSize(writes.size());
        assertThat(queued).hasSize(capacity);
        assertThat(keyedQueued).hasSizeLessThanOrEqualTo(1);
        answers.values().stream().filter(a -> a instanceof OperationQueue.Publication.KeyHeld).forEach(held ->
                assertThat(((OperationQueue.Publication.KeyHeld) held).holder()).isEqualTo(keyedQueued.getFirst().operation().id()));
        answers.values().stream().filter(a -> a instanceof DependencyUnavailableException)
                .forEach(refused -> assertThat(((Exception) refused).getMessage()).contains("full"));
        OperationQueue.Batch batch = takeUntilSome(adapter.queue(), 0, 100);
        assertThat(batch.operations()).containsExactlyInAnyOrderElementsOf(queued);
        assertThat(adapter.queue().depth(0)).isEqualTo(capacity);
    }

    /**
     * Redis stalls (CLIENT PAUSE) under a crowd of writers: every request is answered 503 within
     * twice the command timeout, none hangs; those that gave up before their call went are left
     * out of it, so fewer are queued than were sent (only the calls already out when the pause
     * ends run: each such write is a lost answer, retried with its key); the shard is not stuck after it.
     */
    @Test
    void writersGivingUpOnAStalledRedisAreNotQueuedAfterwardsAndTheShardRecovers() throws Exception {
        Duration timeout = Duration.ofMillis(300);
        RedisAdapter adapter = RedisAdapter.start(new RedisSettings(redis.url(), redis.prefix(), "stalled", 1, 1_000_000, LEASE,
                timeout, Duration.ofMinutes(1)), new InProcessOutcomeBus(), null);
        adapters.add(adapter);
        WalletId wallet = new WalletId(UUID.randomUUID());
        int writers = 1_000;
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().clientPause(2_000);
            List<Long> answeredAfterMillis = Collections.synchronizedList(new ArrayList<>());
            List<Throwable> answers = Collections.synchronizedList(new ArrayList<>());
            long started = System.nanoTime();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < writers; i++) {
                    threads.submit(() -> {
                        try {
                            adapter.queue().publish(Operations.deposit(wallet, 1));
                            answers.add(null);
                        } catch (DependencyUnavailableException refused) {
                            answers.add(refused);
                        }
                        answeredAfterMillis.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
                    });
                }
            }
            assertThat(answers).hasSize(writers).allSatisfy(answer -> assertThat(answer).isInstanceOf(DependencyUnavailableException.class));
            // Twice the timeout, with room for a slow machine's scheduling; the pause alone lasts 2 s.
            assertThat(answeredAfterMillis).allSatisfy(millis -> assertThat(millis).isLessThan(1_800));
        } finally {
            client.shutdown();
        }
        QueuedOperation after = Operations.deposit(wallet, 2);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> adapter.queue().publish(after) instanceof OperationQueue.Publication.Queued);
        long queued = adapter.queue().depth(0);
        assertThat(queued).isGreaterThanOrEqualTo(1).isLessThanOrEqualTo(writers + 1 - ShardPublisher.ENTRIES_PER_CALL);
    }

    @Test
    void aNewOwnerTakesOverADeadOwnersShardWithinTheLeaseAndGetsItsUnacknowledgedWorkFirst() {
        RedisAdapter first = start("first", 1);
        WalletId wallet = new WalletId(UUID.randomUUID());
        List<QueuedOperation> taken = List.of(Operations.deposit(wallet, 1), Operations.deposit(wallet, 2));
        taken.forEach(first.queue()::publish);
        assertThat(takeUntilSome(first.queue(), 0, 10).operations()).containsExactlyElementsOf(taken);
        first.crash();
        adapters.remove(first);

        QueuedOperation later = Operations.deposit(wallet, 3);
        RedisAdapter second = start("second", 1);
        second.queue().publish(later);
        long started = System.nanoTime();
        OperationQueue.Batch reclaimed = takeUntilSome(second.queue(), 0, 10);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(LEASE.multipliedBy(3));
        assertThat(reclaimed.operations()).containsExactlyElementsOf(taken);
        second.queue().acknowledge(reclaimed);
        OperationQueue.Batch next = takeUntilSome(second.queue(), 0, 10);
        assertThat(next.operations()).containsExactly(later);
    }

    /**
     * The pending list is read again only once no read ahead is on its way: one that outlived the
     * wait (Redis stalled) could deliver entries after that list was read, and hand them out twice.
     * Meanwhile the worker gets empty batches; then the pending entries come, once, and what follows.
     */
    @Test
    void thePendingListIsReadAgainOnlyOnceNoReadAheadIsOnItsWay() throws InterruptedException {
        RedisAdapter adapter = RedisAdapter.start(redis.settings("one", 1, Duration.ofSeconds(30)), new InProcessOutcomeBus(), null);
        adapters.add(adapter);
        WalletId wallet = new WalletId(UUID.randomUUID());
        QueuedOperation first = Operations.deposit(wallet, 1);
        adapter.queue().publish(first);
        // Taken and not acknowledged: it waits in this consumer's pending list, to be read again as after a failed read.
        assertThat(takeUntilSome(adapter.queue(), 0, 10).operations()).containsExactly(first);
        adapter.readPendingAgain(0);

        var stall = redis.stall(Duration.ofMillis(2_500));
        OperationQueue.Batch whileStalled = adapter.queue().take(0, 10, WAIT);
        assertThat(whileStalled.isEmpty()).isTrue();
        assertThat(stall).isNotDone();
        assertThat(stall.join()).isEqualTo(1L);

        OperationQueue.Batch reclaimed = takeUntilSome(adapter.queue(), 0, 10);
        assertThat(reclaimed.operations()).containsExactly(first);
        adapter.queue().acknowledge(reclaimed);
        QueuedOperation second = Operations.deposit(wallet, 2);
        adapter.queue().publish(second);
        assertThat(takeUntilSome(adapter.queue(), 0, 10).operations()).containsExactly(second);
    }

    @Test
    void twoInstancesShareTheShardsAndEveryShardHasOneOwner() {
        RedisAdapter one = start("one", 4);
        RedisAdapter two = start("two", 4);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            // Workers give shards up between batches: take() is where that happens.
            for (int shard = 0; shard < 4; shard++) {
                one.queue().take(shard, 1, Duration.ofMillis(1));
                two.queue().take(shard, 1, Duration.ofMillis(1));
            }
            assertThat(one.ownedShards()).hasSize(2);
            assertThat(two.ownedShards()).hasSize(2);
            assertThat(one.ownedShards()).doesNotContainAnyElementsOf(two.ownedShards());
        });
    }

    /**
     * The worker's next reads run while it commits ({@link ShardReadAhead}): whatever is queued
     * meanwhile, in whatever rhythm, is taken next, in queue order, each entry once. Seeded random
     * cases: how many writes between two takes, how large a batch may be.
     */
    @Test
    void writesQueuedWhileTheWorkerCommitsAreTakenNextInQueueOrderEachOnce() throws InterruptedException {
        OperationQueue queue = start("ahead", 1).queue();
        long seeds = new Random().nextLong();
        for (int round = 0; round < 20; round++) {
            long seed = seeds + round;
            Random random = new Random(seed);
            WalletId wallet = new WalletId(UUID.randomUUID());
            List<QueuedOperation> sent = new ArrayList<>();
            List<QueuedOperation> taken = new ArrayList<>();
            int writes = 50 + random.nextInt(150);
            while (sent.size() < writes) {
                int now = Math.min(writes - sent.size(), random.nextInt(12));
                for (int i = 0; i < now; i++) {
                    QueuedOperation operation = Operations.deposit(wallet, 1 + sent.size());
                    queue.publish(operation);
                    sent.add(operation);
                }
                OperationQueue.Batch batch = queue.take(0, 1 + random.nextInt(40), WAIT);
                taken.addAll(batch.operations());
                queue.acknowledge(batch);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                OperationQueue.Batch batch = queue.take(0, 1 + random.nextInt(40), WAIT);
                taken.addAll(batch.operations());
                queue.acknowledge(batch);
                return taken.size() >= sent.size();
            });
            assertThat(taken).as("seed %d", seed).containsExactlyElementsOf(sent);
        }
    }

    /**
     * Asked to give a shard up (a second instance came), the owner first hands out what it read
     * ahead, while it still holds the lease, and only then lets the shard go: an entry delivered to
     * it after the next owner had claimed the pending ones would otherwise be applied after that
     * owner applied later ones. Each entry is taken once, by one instance, in queue order.
     */
    @Test
    void aShardGivenUpToBalanceTheLoadFirstHandsOutWhatItReadAheadWhileStillItsOwn() throws InterruptedException {
        RedisAdapter one = start("one", 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> one.ownedShards().size() == 2);
        Map<Integer, WalletId> wallets = aWalletPerShard(2);
        Map<Integer, List<QueuedOperation>> sent = new ConcurrentHashMap<>();
        queueAndTakeOneOnEachShard(one, wallets, sent).forEach(batch -> one.queue().acknowledge(batch));
        // Queued after each shard's take: its read ahead (on its way since) delivers them to "one".
        queueTwoMoreAndAwaitTheirDelivery(one, wallets, sent, 2);

        RedisAdapter two = start("two", 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> one.askedToRelease(0) || one.askedToRelease(1));
        int released = one.askedToRelease(0) ? 0 : 1;
        OperationQueue.Batch readAhead = one.queue().take(released, 10, WAIT);
        assertThat(one.ownedShards()).as("still the owner when it hands out what it read ahead").contains(released);
        assertThat(readAhead.operations()).containsExactlyElementsOf(sent.get(released).subList(1, 3));
        one.queue().acknowledge(readAhead);
        assertThat(one.queue().take(released, 10, WAIT).isEmpty()).isTrue();
        assertThat(one.ownedShards()).doesNotContain(released);

        await().atMost(Duration.ofSeconds(5)).until(() -> two.ownedShards().contains(released));
        QueuedOperation afterHandover = Operations.deposit(wallets.get(released), 4);
        two.queue().publish(afterHandover);
        assertThat(takeUntilSome(two.queue(), released, 10).operations()).containsExactly(afterHandover);
    }

    /**
     * A shard whose pending list is due to be read again (a read failed; here the entry taken first
     * is pending, not applied) does not hand out what it read ahead when it is given up: those entries
     * came later, and would be applied before the older one. It lets the shard go, and the next
     * owner takes them all from the pending list, in queue order.
     */
    @Test
    void aShardGivenUpWithItsPendingListDueHandsOutNothingItReadAheadAndTheNextOwnerTakesAllInOrder() throws InterruptedException {
        RedisAdapter one = start("one", 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> one.ownedShards().size() == 2);
        Map<Integer, WalletId> wallets = aWalletPerShard(2);
        Map<Integer, List<QueuedOperation>> sent = new ConcurrentHashMap<>();
        queueAndTakeOneOnEachShard(one, wallets, sent);
        // Not acknowledged, and the pending list is to be read again, as after a failed read.
        wallets.keySet().forEach(one::readPendingAgain);
        // Delivered to "one" by its read ahead: the first entry and the two later ones are its pending ones.
        queueTwoMoreAndAwaitTheirDelivery(one, wallets, sent, 3);

        RedisAdapter two = start("two", 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> one.askedToRelease(0) || one.askedToRelease(1));
        int released = one.askedToRelease(0) ? 0 : 1;
        assertThat(one.queue().take(released, 10, WAIT).operations()).as("nothing read ahead is handed out before the older pending entry").isEmpty();
        assertThat(one.ownedShards()).doesNotContain(released);

        await().atMost(Duration.ofSeconds(5)).until(() -> two.ownedShards().contains(released));
        OperationQueue.Batch takenOver = takeUntilSome(two.queue(), released, 10);
        assertThat(takenOver.operations()).containsExactlyElementsOf(sent.get(released));
    }

    /**
     * An idle shard's blocking read stays inside the command timeout: with the shortest timeout the
     * server accepts (100 ms, {@code WALLET_REDIS_TIMEOUT_MS}) and the worker's poll wait of 100 ms, a
     * read blocking that long would time out on the client, and every idle poll would fail (503s for
     * nobody, but a failure logged and the pending list read again each time).
     */
    @Test
    void anIdleShardsReadsStayInsideTheCommandTimeout() throws InterruptedException {
        Duration timeout = Duration.ofMillis(100);
        RedisAdapter adapter = RedisAdapter.start(new RedisSettings(redis.url(), redis.prefix(), "quick", 1, 1_000, Duration.ofSeconds(30),
                timeout, Duration.ofMinutes(1)), new InProcessOutcomeBus(), null);
        adapters.add(adapter);
        await().atMost(Duration.ofSeconds(5)).until(() -> adapter.ownedShards().contains(0));
        for (int poll = 0; poll < 10; poll++) {
            assertThat(adapter.queue().take(0, 10, Duration.ofMillis(100)).isEmpty()).isTrue();
        }
        QueuedOperation deposit = Operations.deposit(new WalletId(UUID.randomUUID()), 1);
        adapter.queue().publish(deposit);
        assertThat(takeUntilSome(adapter.queue(), 0, 10).operations()).containsExactly(deposit);
    }

    /** One wallet of each shard, by its id's shard. */
    private static Map<Integer, WalletId> aWalletPerShard(int shards) {
        Map<Integer, WalletId> wallets = new ConcurrentHashMap<>();
        while (wallets.size() < shards) {
            WalletId wallet = new WalletId(UUID.randomUUID());
            wallets.putIfAbsent(OperationQueue.shardOf(wallet.value(), shards), wallet);
        }
        return wallets;
    }

    /** Queues a first deposit on each shard's wallet and takes it (alone) from its shard; the batches, by shard order. */
    private static List<OperationQueue.Batch> queueAndTakeOneOnEachShard(RedisAdapter owner, Map<Integer, WalletId> wallets,
                                                                         Map<Integer, List<QueuedOperation>> sent) {
        List<OperationQueue.Batch> batches = new ArrayList<>();
        for (int shard : wallets.keySet()) {
            QueuedOperation first = Operations.deposit(wallets.get(shard), 1);
            owner.queue().publish(first);
            sent.computeIfAbsent(shard, s -> new ArrayList<>()).add(first);
            OperationQueue.Batch batch = takeUntilSome(owner.queue(), shard, 10);
            assertThat(batch.operations()).containsExactly(first);
            batches.add(batch);
        }
        return batches;
    }

    /** Queues two more deposits on each shard's wallet and waits until the shard's pending entries number {@code pending}. */
    private void queueTwoMoreAndAwaitTheirDelivery(RedisAdapter owner, Map<Integer, WalletId> wallets, Map<Integer, List<QueuedOperation>> sent,
                                                   int pending) {
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            for (int shard : wallets.keySet()) {
                for (int amount = 2; amount <= 3; amount++) {
                    QueuedOperation later = Operations.deposit(wallets.get(shard), amount);
                    owner.queue().publish(later);
                    sent.get(shard).add(later);
                }
                String stream = new RedisKeys(redis.prefix()).stream(shard);
                await().atMost(Duration.ofSeconds(5)).until(() -> connection.sync().xpending(stream, RedisKeys.GROUP).getCount() == pending);
            }
        } finally {
            client.shutdown();
        }
    }
}
