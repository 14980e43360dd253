package io.github.wallet.adapter.out.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;

/**
 * A Redis for tests, with a key prefix of its own per test class so runs never meet: the server
 * named by {@code WALLET_TEST_REDIS_URL} (CI points it at the local Redis), or else a Testcontainers
 * container when Docker is there. Never skips: with neither, it fails and says what to set.
 */
public final class TestRedis implements AutoCloseable {

    private static final String URL_VARIABLE = "WALLET_TEST_REDIS_URL";
    private static volatile String containerUrl;

    private final String url;
    private final String prefix;

    private TestRedis(String url, String prefix) {
        this.url = url;
        this.prefix = prefix;
    }

    public static TestRedis forClass(Class<?> testClass) {
        return new TestRedis(serverUrl(), "test-" + testClass.getSimpleName() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public String url() {
        return url;
    }

    public String prefix() {
        return prefix;
    }

    public RedisSettings settings(String instanceId, int shards, Duration leaseTime) {
        return new RedisSettings(url, prefix, instanceId, shards, 10_000, leaseTime, Duration.ofSeconds(2), Duration.ofMinutes(1));
    }

    /** Keeps Redis busy (one script runs at a time, and nothing else meanwhile) for about ARGV[1] microseconds. */
    private static final String STALL = """
            local t0 = redis.call('TIME')
            local start = t0[1] * 1000000 + t0[2]
            repeat local t = redis.call('TIME') until (t[1] * 1000000 + t[2]) - start > tonumber(ARGV[1])
            return 1
            """;

    /**
     * Stalls the whole Redis for about {@code length} with a busy script, and returns once Redis is
     * busy with it (a PING goes unanswered): a read that had ended just before has been answered, and
     * one sent after it waits behind the script. The future completes (with 1) when the stall ends.
     */
    public CompletableFuture<Long> stall(Duration length) {
        RedisClient client = RedisClient.create(url);
        StatefulRedisConnection<String, String> staller = client.connect();
        try (StatefulRedisConnection<String, String> probe = client.connect()) {
            CompletableFuture<Long> stalled = staller.async()
                    .<Long>eval(STALL, ScriptOutputType.INTEGER, new String[0], Long.toString(length.toNanos() / 1_000))
                    .toCompletableFuture();
            Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> {
                try {
                    probe.async().ping().get(50, TimeUnit.MILLISECONDS);
                    return false;
                } catch (TimeoutException busy) {
                    return true;
                }
            });
            // Closed off Lettuce's own threads, once the stall is over.
            return stalled.whenCompleteAsync((done, failed) -> {
                staller.close();
                client.shutdown();
            });
        }
    }

    /** Deletes this class's keys. */
    @Override
    public void close() {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> keys = connection.sync().keys(prefix + ":*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }

    private static String serverUrl() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return url;
        }
        return containerUrl();
    }

    private static synchronized String containerUrl() {
        if (containerUrl != null) {
            return containerUrl;
        }
        if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("No Redis for the tests. Set " + URL_VARIABLE
                    + "=redis://127.0.0.1:6379 to use a running server, or start Docker so that Testcontainers can run one.");
        }
        var redis = new org.testcontainers.containers.GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
        redis.start();
        containerUrl = "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
        return containerUrl;
    }
}
