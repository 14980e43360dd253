package io.github.wallet.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.wallet.application.inprocess.InProcessOutcomeBus;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.testing.OperationQueueContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The queue's contract on a three-master Redis Cluster: scripts, streams and leases by their shard's slot. */
class RedisClusterOperationQueueContractTest extends OperationQueueContract {

    private final List<RedisAdapter> adapters = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        adapters.forEach(RedisAdapter::close);
    }

    @Override
    protected OperationQueue queue(int shards, int capacityPerShard) {
        TestRedisCluster cluster = TestRedisCluster.shared();
        RedisSettings base = cluster.settings(TestRedisCluster.newPrefix(getClass()), "contract", shards, Duration.ofSeconds(2));
        RedisSettings settings = new RedisSettings(base.uri(), base.keyPrefix(), base.instanceId(), shards, capacityPerShard,
                base.leaseTime(), base.commandTimeout(), base.claimTime());
        RedisAdapter adapter = RedisAdapter.start(settings, new InProcessOutcomeBus(), null);
        adapters.add(adapter);
        assertThat(adapter.isCluster()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> adapter.ownedShards().size() == shards);
        return adapter.queue();
    }
}
