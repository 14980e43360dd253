package io.github.wallet.adapter.out.redis;

import io.github.wallet.application.inprocess.InProcessOutcomeBus;
import io.github.wallet.application.port.out.OutcomeBus;
import io.github.wallet.application.testing.OutcomeBusContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The outcome bus's contract on a three-master Redis Cluster: the request on one instance, the worker on another. */
class RedisClusterOutcomeBusContractTest extends OutcomeBusContract {

    private RedisAdapter requestSide;
    private RedisAdapter workerSide;

    @BeforeEach
    void connect() {
        TestRedisCluster cluster = TestRedisCluster.shared();
        String prefix = TestRedisCluster.newPrefix(getClass());
        requestSide = RedisAdapter.start(cluster.settings(prefix, "request-side", 1, Duration.ofSeconds(2)), new InProcessOutcomeBus(), null);
        workerSide = RedisAdapter.start(cluster.settings(prefix, "worker-side", 1, Duration.ofSeconds(2)), new InProcessOutcomeBus(), null);
    }

    @AfterEach
    void cleanUp() {
        requestSide.close();
        workerSide.close();
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
