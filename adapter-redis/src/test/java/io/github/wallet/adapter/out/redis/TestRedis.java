package io.github.wallet.adapter.out.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

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
