package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wallet.adapter.in.http.HttpTestClient;
import io.github.wallet.adapter.out.postgres.TestPostgres;
import io.github.wallet.bootstrap.Config;
import io.github.wallet.bootstrap.WalletServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis is killed and started again under load (with AOF, as in production): no 500, no
 * acknowledged operation lost, and the service recovers by itself, without a restart.
 * Runs its own redis-server (from the machine's Redis package) so it can kill it.
 */
class RedisRestartTest {

    @TempDir
    Path redisDir;

    private Process startRedis(int port) throws IOException {
        Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", redisDir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "")
                .redirectErrorStream(true).redirectOutput(redisDir.resolve("redis-" + System.nanoTime() + ".log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return true;
            }
        });
        return redis;
    }

    /** A server on the database and the test's own Redis, with short lease, timeout and sync wait. */
    private static WalletServer startServer(TestPostgres database, int redisPort) {
        return WalletServer.start(Config.from(Map.of(
                "WALLET_DB_URL", database.jdbcUrl(), "WALLET_DB_USER", database.settings().user(),
                "WALLET_DB_PASSWORD", database.settings().password(), "WALLET_HTTP_PORT", "0",
                "WALLET_REDIS_URL", "redis://127.0.0.1:" + redisPort, "WALLET_LEASE_MS", "1000",
                "WALLET_REDIS_TIMEOUT_MS", "1000", "WALLET_SYNC_WAIT_MS", "2000"), new Properties()));
    }

    @Test
    void whileRedisIsDownWritesAnswer503FastReadsKeepWorkingAndReadinessSaysSo() throws Exception {
        int port = ServerProcess.freePort();
        Process redis = startRedis(port);
        try (TestPostgres database = TestPostgres.createDatabase(RedisRestartTest.class);
             WalletServer server = startServer(database, port)) {
            HttpTestClient client = new HttpTestClient(server.port());
            String wallet = client.createWallet();
            assertThat(client.deposit(wallet, 5).status()).isEqualTo(200);

            redis.destroyForcibly().waitFor();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpTestClient.Answer ready = client.get("/health/ready");
                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.json().get("checks").get("queue").asText()).isEqualTo("DOWN");
                assertThat(ready.json().get("checks").get("store").asText()).isEqualTo("UP");
            });
            long started = System.nanoTime();
            HttpTestClient.Answer write = client.deposit(wallet, 1);
            assertThat(write.status()).isEqualTo(503);
            assertThat(write.code()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(write.header("Retry-After")).isNotBlank();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            assertThat(client.balance(wallet)).isEqualTo(5);
            assertThat(client.get("/api/v1/wallets/" + wallet + "/operations").status()).isEqualTo(200);

            redis = startRedis(port);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(client.get("/health/ready").status()).isEqualTo(200));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(client.deposit(wallet, 1).status()).isEqualTo(200));
        } finally {
            redis.destroyForcibly().waitFor();
        }
    }

    @Test
    void killingRedisUnderLoadLosesNothingAcknowledgedAndTheServiceRecoversByItself() throws Exception {
        int port = ServerProcess.freePort();
        Process redis = startRedis(port);
        try (TestPostgres database = TestPostgres.createDatabase(RedisRestartTest.class);
             WalletServer server = startServer(database, port)) {
            HttpTestClient client = new HttpTestClient(server.port());
            List<String> wallets = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                wallets.add(client.createWallet());
            }
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            Set<Integer> statuses = ConcurrentHashMap.newKeySet();
            AtomicBoolean loading = new AtomicBoolean(true);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> load = new ArrayList<>();
                for (int c = 0; c < 8; c++) {
                    int clientNo = c;
                    load.add(pool.submit(() -> {
                        for (int r = 0; loading.get(); r++) {
                            String wallet = wallets.get((clientNo + r) % wallets.size());
                            boolean async = r % 2 == 0;
                            HttpTestClient.Answer answer = async
                                    ? client.postJson("/api/v1/wallet", "{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":1}", "Prefer", "respond-async")
                                    : client.deposit(wallet, 1);
                            statuses.add(answer.status());
                            if (answer.status() == 200 || answer.status() == 202) {
                                acknowledged.add(answer.json().get("operationId").asText());
                            }
                        }
                    }));
                }
                await().pollDelay(Duration.ofSeconds(1)).until(() -> acknowledged.size() > 50);
                redis.destroyForcibly().waitFor();
                await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
                redis = startRedis(port);
                await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
                loading.set(false);
                for (Future<?> f : load) {
                    f.get();
                }
            }
            assertThat(statuses).as("statuses seen: %s", statuses).isSubsetOf(200, 202, 503);

            // It recovers by itself: a new write commits again.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(client.deposit(wallets.get(0), 1).status()).isEqualTo(200));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String id : acknowledged) {
                    assertThat(client.get("/api/v1/operations/" + id).json().get("status").asText()).as(id).isEqualTo("COMPLETED");
                }
            });
            long total = 0;
            for (String wallet : wallets) {
                List<JsonNode> history = History.of(client, wallet);
                assertThat(client.balance(wallet)).isEqualTo(History.sum(history, wallet));
                total += history.size();
            }
            assertThat(total).isGreaterThanOrEqualTo(acknowledged.size());
            assertThat(client.get("/health/ready").status()).isEqualTo(200);
        } finally {
            redis.destroyForcibly().waitFor();
        }
    }

}
