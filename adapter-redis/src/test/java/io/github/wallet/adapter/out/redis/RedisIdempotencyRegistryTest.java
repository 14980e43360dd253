package io.github.wallet.adapter.out.redis;

import io.github.wallet.application.port.out.IdempotencyRegistry;
import io.github.wallet.application.inprocess.InProcessOutcomeBus;
import io.github.wallet.application.testing.IdempotencyRegistryContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class RedisIdempotencyRegistryTest extends IdempotencyRegistryContract {

    private static TestRedis redis;
    private static RedisAdapter adapter;

    @BeforeAll
    static void start() {
        redis = TestRedis.forClass(RedisIdempotencyRegistryTest.class);
        adapter = RedisAdapter.start(redis.settings("registry-test", 1, Duration.ofSeconds(5)), new InProcessOutcomeBus(), null);
    }

    @AfterAll
    static void stop() {
        adapter.close();
        redis.close();
    }

    @Override
    protected IdempotencyRegistry registry() {
        return adapter.idempotencyRegistry();
    }
}
