package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wallet.adapter.in.http.HttpTestClient;
import io.github.wallet.adapter.out.postgres.TestPostgres;
import io.github.wallet.adapter.out.redis.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Holds expire with no traffic whatever happens to the instances: when the owner of their shards
 * is killed (SIGKILL) and another takes the shards over, and when no instance runs at their
 * expiry and one starts later. Real server processes on one Redis and one PostgreSQL.
 */
class HoldExpiryFaultsTest {

    @Test
    void holdsExpireOnceAfterTheirShardsOwnerIsKilledAndAfterARestart() {
        try (TestPostgres database = TestPostgres.createDatabase(HoldExpiryFaultsTest.class);
             TestRedis redis = TestRedis.forClass(HoldExpiryFaultsTest.class)) {
            List<String> wallets = new ArrayList<>();
            List<String> holds = new ArrayList<>();
            try (ServerProcess doomed = ServerProcess.start(env(database, redis, "doomed"));
                 ServerProcess survivor = ServerProcess.start(env(database, redis, "survivor"))) {
                // Eight wallets spread over the four shards, both instances owning some of them.
                for (int i = 0; i < 8; i++) {
                    String wallet = survivor.client.createWallet();
                    assertThat(survivor.client.deposit(wallet, 100).status()).isEqualTo(200);
                    wallets.add(wallet);
                    holds.add(place(i % 2 == 0 ? doomed.client : survivor.client, wallet, 3));
                }
                doomed.kill();
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    for (String hold : holds) {
                        assertThat(survivor.client.get("/api/v1/holds/" + hold).json().get("status").asText()).as(hold).isEqualTo("EXPIRED");
                    }
                });
                checkReleasedOnce(survivor.client, wallets, holds);

                // Now holds that fall due while no instance runs at all.
                holds.clear();
                for (String wallet : wallets) {
                    holds.add(place(survivor.client, wallet, 2));
                }
            }
            // Both instances are gone: let the holds' time pass before anyone is back.
            await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
            try (ServerProcess restarted = ServerProcess.start(env(database, redis, "restarted"))) {
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                    for (String hold : holds) {
                        assertThat(restarted.client.get("/api/v1/holds/" + hold).json().get("status").asText()).as(hold).isEqualTo("EXPIRED");
                    }
                });
                checkReleasedOnce(restarted.client, wallets, holds);
            }
        }
    }

    private static String place(HttpTestClient client, String wallet, int expiresInSeconds) {
        HttpTestClient.Answer placed = client.postJson("/api/v1/holds",
                "{\"walletId\":\"" + wallet + "\",\"amount\":60,\"expiresInSeconds\":" + expiresInSeconds + "}");
        assertThat(placed.status()).as(placed.text()).isEqualTo(200);
        return placed.json().get("holdId").asText();
    }

    /** Every wallet has its 100 available again, and each hold one completed EXPIRE in its history. */
    private static void checkReleasedOnce(HttpTestClient client, List<String> wallets, List<String> holds) {
        for (int i = 0; i < wallets.size(); i++) {
            JsonNode wallet = client.get("/api/v1/wallets/" + wallets.get(i)).json();
            assertThat(wallet.get("balance").asLong()).isEqualTo(100);
            assertThat(wallet.get("heldAmount").asLong()).isZero();
            String hold = holds.get(i);
            long expiries = History.of(client, wallets.get(i)).stream()
                    .filter(item -> item.get("type").asText().equals("EXPIRE") && hold.equals(item.get("holdId").asText())).count();
            assertThat(expiries).as("expiries of hold %s", hold).isEqualTo(1);
        }
    }

    private static Map<String, String> env(TestPostgres database, TestRedis redis, String instance) {
        Map<String, String> env = new HashMap<>(ServerEnv.on(database, redis, instance));
        env.remove("WALLET_HTTP_PORT");
        return env;
    }
}
