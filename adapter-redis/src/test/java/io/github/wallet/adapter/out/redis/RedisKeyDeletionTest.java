package io.github.wallet.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.wallet.application.inprocess.InProcessOutcomeBus;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.testing.Operations;
import io.github.wallet.domain.wallet.WalletId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisAdapter#deleteKeys}: what a scratch run leaves (streams, leases, pending records,
 * claims, the instance registry) is gone afterwards, on a single Redis and on every master of a
 * cluster, and nothing outside the prefix is touched, even when the prefix holds glob characters.
 */
class RedisKeyDeletionTest {

    private static final int SHARDS = 8;
    private static final TestRedis redis = TestRedis.forClass(RedisKeyDeletionTest.class);

    @AfterAll
    static void cleanUp() {
        redis.close();
    }

    /** A scratch run's traffic: a keyed operation queued on every shard, then the adapter closed. */
    private static void leaveKeysBehind(RedisSettings settings) {
        try (RedisAdapter adapter = RedisAdapter.start(settings, new InProcessOutcomeBus(), null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> adapter.ownedShards().size() == SHARDS);
            for (int shard = 0; shard < SHARDS; shard++) {
                QueuedOperation keyed = Operations.withKey(Operations.deposit(walletOn(shard), 1), "k-" + UUID.randomUUID());
                assertThat(adapter.queue().publish(keyed)).isEqualTo(new OperationQueue.Publication.Queued());
            }
        }
    }

    @Test
    void deletesEveryKeyUnderThePrefixAndNoOtherEvenWithGlobCharactersInIt() {
        // Unescaped, "<p>*[ab]:*" would also match the neighbour's "<p>*b:..." and "<p>X[ab]:..." keys.
        String prefix = redis.prefix() + "*[ab]";
        RedisSettings settings = new RedisSettings(redis.url(), prefix, "scratch", SHARDS, 10_000, Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofMinutes(1));
        leaveKeysBehind(settings);
        String[] neighbours = {redis.prefix() + "*b:stays", redis.prefix() + "X[ab]:stays", redis.prefix() + "*[ab]stays"};
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            for (String neighbour : neighbours) {
                connection.sync().set(neighbour, "x");
            }
            try {
                assertDeletesOnlyThePrefix(settings, connection, neighbours);
            } finally {
                connection.sync().del(neighbours);
            }
        } finally {
            client.shutdown();
        }
    }

    private static void assertDeletesOnlyThePrefix(RedisSettings settings, StatefulRedisConnection<String, String> connection,
                                                    String[] neighbours) {
            long left = connection.sync().keys(redis.prefix() + "*").size() - neighbours.length;
            assertThat(left).as("keys the scratch run left").isGreaterThanOrEqualTo(SHARDS * 2L);

            assertThat(RedisAdapter.deleteKeys(settings)).isEqualTo(left);

            assertThat(connection.sync().keys(redis.prefix() + "*")).containsExactlyInAnyOrder(neighbours);
            assertThat(RedisAdapter.deleteKeys(settings)).as("a second time: nothing left").isZero();
    }

    @Test
    void onAClusterDeletesTheKeysOnEveryMaster() {
        TestRedisCluster cluster = TestRedisCluster.shared();
        String prefix = TestRedisCluster.newPrefix(RedisKeyDeletionTest.class);
        RedisSettings settings = cluster.settings(prefix, "scratch", SHARDS, Duration.ofSeconds(2));
        leaveKeysBehind(settings);
        assertThat(cluster.ports()).as("masters holding some of the run's keys")
                .filteredOn(port -> !cluster.keysOn(port, prefix + ":*").isEmpty()).hasSizeGreaterThan(1);

        assertThat(RedisAdapter.deleteKeys(settings)).isGreaterThanOrEqualTo(SHARDS * 2L);

        for (int port : cluster.ports()) {
            assertThat(cluster.keysOn(port, prefix + ":*")).as("keys left on master %d", port).isEmpty();
        }
    }

    private static WalletId walletOn(int shard) {
        while (true) {
            UUID id = UUID.randomUUID();
            if (OperationQueue.shardOf(id, SHARDS) == shard) {
                return new WalletId(id);
            }
        }
    }
}
