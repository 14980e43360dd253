package io.github.wallet.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.wallet.application.inprocess.InProcessOutcomeBus;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.testing.Operations;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where the queue's keys live on a three-master Redis Cluster. */
class RedisClusterLayoutTest {

    private static final int SHARDS = 8;

    private final TestRedisCluster cluster = TestRedisCluster.shared();
    private final String prefix = TestRedisCluster.newPrefix(RedisClusterLayoutTest.class);
    private RedisAdapter adapter;

    @AfterEach
    void cleanUp() {
        if (adapter != null) {
            adapter.close();
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

    @Test
    void eachShardKeepsItsStreamLeaseRecordsAndClaimsOnOneMasterAndTheShardsSpreadOverAllMasters() {
        adapter = RedisAdapter.start(cluster.settings(prefix, "layout", SHARDS, Duration.ofSeconds(2)), new InProcessOutcomeBus(), null);
        await().atMost(Duration.ofSeconds(5)).until(() -> adapter.ownedShards().size() == SHARDS);
        OperationQueue queue = adapter.queue();
        for (int shard = 0; shard < SHARDS; shard++) {
            QueuedOperation keyed = Operations.withKey(Operations.deposit(walletOn(shard), 1), "k-" + UUID.randomUUID());
            assertThat(queue.publish(keyed)).isEqualTo(new OperationQueue.Publication.Queued());
            assertThat(queue.findPending(keyed.operation().id())).contains(keyed);
        }

        RedisKeys keys = new RedisKeys(prefix);
        Set<Integer> mastersUsed = new HashSet<>();
        for (int s = 0; s < SHARDS; s++) {
            int shard = s;
            int master = cluster.masterOf(keys.stream(shard));
            mastersUsed.add(master);
            List<String> onMaster = cluster.keysOn(master, prefix + ":*{" + shard + "}*");
            assertThat(onMaster).as("shard %d on its master %d", shard, master)
                    .contains(keys.stream(shard), keys.lease(shard))
                    .anyMatch(key -> key.startsWith(prefix + ":pending:{" + shard + "}:"))
                    .anyMatch(key -> key.startsWith(prefix + ":idem:{" + shard + "}:"))
                    .hasSize(4);
            for (int other : cluster.ports()) {
                if (other != master) {
                    assertThat(cluster.keysOn(other, prefix + ":*{" + shard + "}*")).as("shard %d on %d", shard, other).isEmpty();
                }
            }
        }
        assertThat(mastersUsed).as("the masters holding shards").containsExactlyInAnyOrderElementsOf(cluster.ports());

        // Every shard's worker reads from its own master and acknowledges there: the records go with
        // the entries, and the claims stay on that master until a minute after the commit.
        for (int shard = 0; shard < SHARDS; shard++) {
            int mine = shard;
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                OperationQueue.Batch batch = queue.take(mine, 10, Duration.ofMillis(50));
                if (batch.isEmpty()) {
                    return false;
                }
                queue.acknowledge(batch);
                return true;
            });
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (int shard = 0; shard < SHARDS; shard++) {
                assertThat(queue.depth(shard)).isZero();
                assertThat(cluster.keysOn(cluster.masterOf(keys.stream(shard)), prefix + ":*{" + shard + "}*"))
                        .filteredOn(key -> !key.startsWith(prefix + ":idem:"))
                        .containsExactlyInAnyOrder(keys.stream(shard), keys.lease(shard));
            }
        });
    }
}
