package io.github.wallet.adapter.out.redis;

import static org.awaitility.Awaitility.await;

import io.github.wallet.application.inprocess.InProcessOutcomeBus;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.testing.OperationQueueContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class RedisOperationQueueContractTest extends OperationQueueContract {

    private TestRedis redis;
    private final List<RedisAdapter> adapters = new ArrayList<>();

    @BeforeEach
    void connect() {
        redis = TestRedis.forClass(RedisOperationQueueContractTest.class);
    }

    @AfterEach
    void cleanUp() {
        adapters.forEach(RedisAdapter::close);
        redis.close();
    }

    @Override
    protected OperationQueue queue(int shards, int capacityPerShard) {
        RedisSettings base = redis.settings("contract-" + UUID.randomUUID(), shards, Duration.ofSeconds(2));
        RedisSettings settings = new RedisSettings(base.uri(), base.keyPrefix(), base.instanceId(), shards, capacityPerShard,
                base.leaseTime(), base.commandTimeout(), base.claimTime());
        RedisAdapter adapter = RedisAdapter.start(settings, new InProcessOutcomeBus(), null);
        adapters.add(adapter);
        await().atMost(Duration.ofSeconds(5)).until(() -> adapter.ownedShards().size() == shards);
        return adapter.queue();
    }
}
