package io.github.wallet.adapter.out.redis;

import io.github.wallet.application.inprocess.InProcessOutcomeBus;
import io.github.wallet.application.port.out.OutcomeBus;
import io.github.wallet.application.testing.OutcomeBusContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The request waits on one instance; the worker that committed it runs on another. */
class RedisOutcomeBusContractTest extends OutcomeBusContract {

    private TestRedis redis;
    private RedisAdapter requestSide;
    private RedisAdapter workerSide;

    @BeforeEach
    void connect() {
        redis = TestRedis.forClass(RedisOutcomeBusContractTest.class);
        requestSide = RedisAdapter.start(redis.settings("request-side", 1, Duration.ofSeconds(2)), new InProcessOutcomeBus(), null);
        workerSide = RedisAdapter.start(redis.settings("worker-side", 1, Duration.ofSeconds(2)), new InProcessOutcomeBus(), null);
    }

    @AfterEach
    void cleanUp() {
        requestSide.close();
        workerSide.close();
        redis.close();
    }

    @Override
    protected OutcomeBus waitingSide() {
        return requestSide.outcomeBus();
    }

    @Override
    protected OutcomeBus publishingSide() {
        return workerSide.outcomeBus();
    }
}
