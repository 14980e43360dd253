package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.adapter.in.http.HttpTestClient;
import io.github.wallet.adapter.out.postgres.TestPostgres;
import io.github.wallet.adapter.out.redis.TestRedis;
import io.github.wallet.bootstrap.Config;
import io.github.wallet.bootstrap.WalletServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * /metrics scraped during load shows every family an operator alerts on, with non-zero values.
 */
class MetricsTest {

    @Test
    void everyMetricFamilyHasValuesUnderLoad() throws java.sql.SQLException {
        try (TestPostgres database = TestPostgres.createDatabase(MetricsTest.class);
             TestRedis redis = TestRedis.forClass(MetricsTest.class);
             WalletServer server = WalletServer.start(Config.from(Map.of(
                     "WALLET_DB_URL", database.jdbcUrl(), "WALLET_DB_USER", database.settings().user(),
                     "WALLET_DB_PASSWORD", database.settings().password(), "WALLET_HTTP_PORT", "0",
                     "WALLET_REDIS_URL", redis.url(), "WALLET_REDIS_PREFIX", redis.prefix()), new Properties()))) {
            HttpTestClient client = new HttpTestClient(server.port());
            String wallet = client.createWallet();
            List<CompletableFuture<HttpTestClient.Answer>> load = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                String type = i % 5 == 4 ? "WITHDRAW" : "DEPOSIT";
                load.add(client.postJsonAsync("/api/v1/wallet", "{\"walletId\":\"" + wallet + "\",\"operationType\":\"" + type + "\",\"amount\":" + (1 + i % 9) + "}",
                        "Prefer", "respond-async"));
            }
            client.withdraw(wallet, Long.MAX_VALUE / 10_000);
            // Hold the wallet's row lock from outside: the worker waits, so the queue visibly backs up. The
            // hand edit (its version moved on) leaves the worker's memory of the wallet stale: a replan.
            try (var connection = java.sql.DriverManager.getConnection(database.jdbcUrl(), database.settings().user(), database.settings().password())) {
                connection.setAutoCommit(false);
                try (var lock = connection.prepareStatement("update wallet set version = version + 1 where wallet_id = ?::uuid")) {
                    lock.setString(1, wallet);
                    assertThat(lock.executeUpdate()).isEqualTo(1);
                }
                List<CompletableFuture<HttpTestClient.Answer>> queued = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    queued.add(client.postJsonAsync("/api/v1/wallet", "{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":1}",
                            "Prefer", "respond-async"));
                }
                queued.forEach(f -> assertThat(f.join().status()).isEqualTo(202));
                assertThat(sum(client.get("/metrics").text(), "wallet_queue_depth\\{[^}]*\\}")).as("queue depth while the wallet is locked").isPositive();
                connection.commit();
            }
            load.forEach(CompletableFuture::join);
            org.awaitility.Awaitility.await().untilAsserted(() ->
                    assertThat(sum(client.get("/metrics").text(), "wallet_operations_total\\{[^}]*\\}")).isGreaterThanOrEqualTo(2051));
            String metrics = client.get("/metrics").text();

            assertPositive(metrics, "http_server_requests_seconds_count\\{[^}]*uri=\"/api/v1/wallet\"[^}]*\\}");
            assertPositive(metrics, "http_server_requests_seconds_count\\{[^}]*status=\"409\"[^}]*\\}");
            assertThat(metrics).contains("http_server_requests_seconds_bucket{");
            assertThat(metrics).containsPattern("wallet_queue_depth\\{shard=\"0\"\\}");
            assertPositive(metrics, "wallet_queue_lag_seconds_count\\{shard=\"[0-9]+\"\\}");
            assertPositive(metrics, "wallet_batch_size_count");
            assertPositive(metrics, "wallet_batch_size_sum");
            assertPositive(metrics, "wallet_batch_commit_seconds_count");
            assertThat(metrics).contains("wallet_batch_commit_seconds_bucket{");
            assertPositive(metrics, "wallet_batch_replans_total");
            assertPositive(metrics, "wallet_operations_total\\{[^}]*outcome=\"COMPLETED\"[^}]*\\}");
            assertPositive(metrics, "wallet_operations_total\\{[^}]*outcome=\"INSUFFICIENT_FUNDS\"[^}]*\\}");
            assertPositive(metrics, "hikaricp_connections_max\\{[^}]*\\}");
            assertPositive(metrics, "hikaricp_connections_usage_seconds_count\\{[^}]*\\}");
            assertPositive(metrics, "lettuce_command_completion_seconds_count\\{[^}]*\\}");
            assertPositive(metrics, "jvm_memory_used_bytes\\{[^}]*\\}");
            assertPositive(metrics, "process_uptime_seconds");
            // Holds, the feed and webhooks: present from the start (a placed hold counts).
            assertThat(client.postJson("/api/v1/holds", "{\"walletId\":\"" + wallet + "\",\"amount\":1}").status()).isEqualTo(200);
            String later = client.get("/metrics").text();
            assertPositive(later, "wallet_holds_total\\{event=\"placed\"\\}");
            assertThat(later).containsPattern("(?m)^wallet_events_lag_seconds [0-9.eE+-]+$");
            assertThat(later).containsPattern("(?m)^wallet_webhook_deliveries_total\\{outcome=\"succeeded\"\\} [0-9.eE+-]+$");
            assertThat(later).containsPattern("(?m)^wallet_webhook_retries_pending [0-9.eE+-]+$");
        }
    }

    private static double sum(String metrics, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(metrics);
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }

    private static void assertPositive(String metrics, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(metrics);
        double total = 0;
        boolean found = false;
        while (matcher.find()) {
            found = true;
            total += Double.parseDouble(matcher.group(1));
        }
        assertThat(found).as("series %s in%n%s", series, metrics.lines().filter(l -> !l.startsWith("#")).limit(0).toList()).isTrue();
        assertThat(total).as(series).isPositive();
    }

    /** Any client can send any method; each one once made a new series (a histogram each), without bound. */
    @Test
    void methodsTheApiDoesNotKnowShareOneSeries() {
        try (TestPostgres database = TestPostgres.createDatabase(MetricsTest.class);
             WalletServer server = WalletServer.start(Config.from(Map.of(
                     "WALLET_DB_URL", database.jdbcUrl(), "WALLET_DB_USER", database.settings().user(),
                     "WALLET_DB_PASSWORD", database.settings().password(), "WALLET_HTTP_PORT", "0"), new Properties()))) {
            HttpTestClient client = new HttpTestClient(server.port());
            for (int i = 0; i < 5; i++) {
                HttpTestClient.Answer answer = client.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/v1/wallets"))
                        .method("INVENTED" + i, java.net.http.HttpRequest.BodyPublishers.noBody()).build());
                assertThat(answer.status()).isEqualTo(405);
            }
            String metrics = client.get("/metrics").text();
            assertThat(metrics).doesNotContain("INVENTED").contains("method=\"OTHER\"");
        }
    }
}
