package io.github.wallet.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.inprocess.InProcessOutcomeBus;
import io.github.wallet.domain.operation.OperationId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The mistake that stalled keyed traffic on two instances: a synchronous Redis call from a
 * Lettuce callback, i.e. on a Netty event loop. The adapter refuses it at once.
 */
class EventLoopBlockingTest {

    @Test
    void aSynchronousCallFromALettuceCallbackIsRefusedInsteadOfStallingTheConnection() throws Exception {
        try (TestRedis redis = TestRedis.forClass(EventLoopBlockingTest.class);
             RedisAdapter adapter = RedisAdapter.start(redis.settings("guard", 1, Duration.ofSeconds(2)), new InProcessOutcomeBus(), null)) {
            RedisClient client = RedisClient.create(redis.url());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                // Run on Lettuce's own callback threads, whatever the timing (a dependent stage
                // attached after completion would run on the caller's thread instead).
                CompletableFuture<Object> fromCallback = connection.async().ping().toCompletableFuture()
                        .thenApplyAsync(pong -> adapter.queue().findPending(new OperationId(UUID.randomUUID())),
                                connection.getResources().eventExecutorGroup());
                Throwable failure = fromCallback.handle((value, error) -> error).get(5, TimeUnit.SECONDS);
                assertThat(failure).isNotNull().hasRootCauseInstanceOf(IllegalStateException.class);
                assertThat(failure.getCause()).hasMessageContaining("event-loop thread");
                // The same call from an ordinary thread is fine.
                assertThat(adapter.queue().findPending(new OperationId(UUID.randomUUID()))).isEmpty();
            } finally {
                client.shutdown();
            }
        }
    }
}
