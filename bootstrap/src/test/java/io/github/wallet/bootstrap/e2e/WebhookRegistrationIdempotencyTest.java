package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.adapter.in.http.HttpTestClient;
import io.github.wallet.adapter.out.postgres.TestPostgres;
import io.github.wallet.bootstrap.Config;
import io.github.wallet.bootstrap.WalletServer;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/webhooks} honours {@code Idempotency-Key} as every POST does (CONTRACT.md
 * §3): a retried registration is the one webhook, not a second one that would get every event again.
 */
class WebhookRegistrationIdempotencyTest {

    @Test
    void aRetriedRegistrationIsTheOneWebhookAndAKeyReusedForAnotherIs422() {
        try (TestPostgres database = TestPostgres.createDatabase(WebhookRegistrationIdempotencyTest.class);
             WalletServer server = WalletServer.start(Config.from(Map.of(
                     "WALLET_DB_URL", database.jdbcUrl(), "WALLET_DB_USER", database.settings().user(),
                     "WALLET_DB_PASSWORD", database.settings().password(), "WALLET_HTTP_PORT", "0",
                     "WALLET_WEBHOOK_ALLOW_PRIVATE", "true"), new Properties()))) {
            HttpTestClient client = new HttpTestClient(server.port());
            String key = "hook-" + UUID.randomUUID();
            String body = "{\"url\":\"http://127.0.0.1:9/hook\",\"eventTypes\":[\"operation.completed\"]}";

            HttpTestClient.Answer first = client.postJson("/api/v1/webhooks", body, "Idempotency-Key", key);
            HttpTestClient.Answer again = client.postJson("/api/v1/webhooks", body, "Idempotency-Key", key);
            HttpTestClient.Answer other = client.postJson("/api/v1/webhooks", body.replace("/hook", "/other"), "Idempotency-Key", key);
            HttpTestClient.Answer unkeyed = client.postJson("/api/v1/webhooks", body);
            HttpTestClient.Answer badKey = client.postJson("/api/v1/webhooks", body, "Idempotency-Key", "x".repeat(256));

            assertThat(first.status()).as(first.text()).isEqualTo(201);
            assertThat(again.status()).as(again.text()).isEqualTo(201);
            assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(again.json().get("webhookId")).isEqualTo(first.json().get("webhookId"));
            assertThat(again.json().get("secret")).isEqualTo(first.json().get("secret"));
            assertThat(again.header("Location")).isEqualTo(first.header("Location"));
            assertThat(other.status()).isEqualTo(422);
            assertThat(other.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
            assertThat(unkeyed.json().get("webhookId")).isNotEqualTo(first.json().get("webhookId"));
            assertThat(badKey.status()).isEqualTo(400);
            assertThat(client.get("/api/v1/webhooks/" + first.json().get("webhookId").asText()).status()).isEqualTo(200);
        }
    }
}
