package io.github.wallet.adapter.out.redis;

import io.github.wallet.application.port.BlockingCallGuard;
import io.github.wallet.application.port.DependencyUnavailableException;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Redis cannot be reached, or answered too late: a 503 the client may retry, never a 500.
 */
final class RedisFailures {

    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private RedisFailures() {
    }

    static <T> T translate(String what, Supplier<T> work) {
        BlockingCallGuard.check("redis " + what);
        try {
            return work.get();
        } catch (RedisException e) {
            throw new DependencyUnavailableException("queue", what + ": " + e.getMessage(), RETRY_AFTER, e);
        }
    }
}
