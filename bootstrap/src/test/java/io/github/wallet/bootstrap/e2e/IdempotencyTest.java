package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.wallet.adapter.in.http.HttpTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Idempotency-Key as CONTRACT.md promises it, end to end on PostgreSQL: replays, concurrent
 * duplicates, reuse with another request, and replays across a restart.
 */
class IdempotencyTest {

    private static RunningServer running;
    private static HttpTestClient client;

    @BeforeAll
    static void start() {
        running = new RunningServer(IdempotencyTest.class);
        client = running.client;
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    private static String depositBody(String wallet, long amount) {
        return "{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":" + amount + "}";
    }

    @Test
    void aRetryWithTheSameKeyReturnsTheSameOperationAndTakesEffectOnce() {
        String wallet = client.createWallet();
        String key = "pay-" + UUID.randomUUID();
        HttpTestClient.Answer first = client.postJson("/api/v1/wallet", depositBody(wallet, 100), "Idempotency-Key", key);
        HttpTestClient.Answer again = client.postJson("/api/v1/wallet", depositBody(wallet, 100), "Idempotency-Key", key);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().get("operationId")).isEqualTo(first.json().get("operationId"));
        assertThat(again.json().get("balanceAfter").asLong()).isEqualTo(100);
        assertThat(client.balance(wallet)).isEqualTo(100);
    }

    @RepeatedTest(5)
    void concurrentDuplicatesAllGetTheOneOutcome() {
        String wallet = client.createWallet();
        String key = "burst-" + UUID.randomUUID();
        List<CompletableFuture<HttpTestClient.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            answers.add(client.postJsonAsync("/api/v1/wallet", depositBody(wallet, 7), "Idempotency-Key", key));
        }
        List<HttpTestClient.Answer> all = answers.stream().map(CompletableFuture::join).toList();
        assertThat(all).extracting(HttpTestClient.Answer::status).containsOnly(200);
        assertThat(all).extracting(a -> a.json().get("operationId").asText()).containsOnly(all.get(0).json().get("operationId").asText());
        assertThat(all).filteredOn(a -> "true".equals(a.header("Idempotent-Replayed"))).hasSize(31);
        assertThat(client.balance(wallet)).isEqualTo(7);
    }

    @Test
    void aRejectedOperationReplaysItsRejection() {
        String wallet = client.createWallet();
        String key = "reject-" + UUID.randomUUID();
        String body = "{\"walletId\":\"" + wallet + "\",\"operationType\":\"WITHDRAW\",\"amount\":5}";
        HttpTestClient.Answer first = client.postJson("/api/v1/wallet", body, "Idempotency-Key", key);
        client.deposit(wallet, 100);
        HttpTestClient.Answer again = client.postJson("/api/v1/wallet", body, "Idempotency-Key", key);
        assertThat(first.status()).isEqualTo(409);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(again.json().get("operationId")).isEqualTo(first.json().get("operationId"));
        assertThat(client.balance(wallet)).isEqualTo(100);
    }

    @Test
    void theSameKeyWithAnotherRequestIs422AndChangesNothing() {
        String wallet = client.createWallet();
        String key = "reuse-" + UUID.randomUUID();
        client.postJson("/api/v1/wallet", depositBody(wallet, 10), "Idempotency-Key", key);
        HttpTestClient.Answer reused = client.postJson("/api/v1/wallet", depositBody(wallet, 11), "Idempotency-Key", key);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(client.balance(wallet)).isEqualTo(10);
    }

    /** The key is looked at before the new request's wallet or hold: a reused key is 422 even when the new request names none there is. */
    @Test
    void theSameKeyWithARequestOnAWalletThatDoesNotExistIs422Too() {
        String wallet = client.createWallet();
        String key = "reuse-elsewhere-" + UUID.randomUUID();
        client.postJson("/api/v1/wallet", depositBody(wallet, 10), "Idempotency-Key", key);
        String nowhere = UUID.randomUUID().toString();
        List<HttpTestClient.Answer> reused = List.of(
                client.postJson("/api/v1/wallet", depositBody(nowhere, 10), "Idempotency-Key", key),
                client.postJson("/api/v1/transfers", "{\"fromWalletId\":\"" + wallet + "\",\"toWalletId\":\"" + nowhere + "\",\"amount\":1}",
                        "Idempotency-Key", key),
                client.postJson("/api/v1/holds", "{\"walletId\":\"" + nowhere + "\",\"amount\":1}", "Idempotency-Key", key),
                client.postJson("/api/v1/holds/" + nowhere + "/capture", "{}", "Idempotency-Key", key));
        assertThat(reused).allSatisfy(answer -> assertThat(answer.code()).as(answer.text()).isEqualTo("IDEMPOTENCY_KEY_REUSED"));
        assertThat(client.balance(wallet)).isEqualTo(10);
    }

    @Test
    void anAsyncRequestAndItsSyncRetryShareOneOperation() {
        String wallet = client.createWallet();
        String key = "async-" + UUID.randomUUID();
        HttpTestClient.Answer queued = client.postJson("/api/v1/wallet", depositBody(wallet, 4), "Idempotency-Key", key, "Prefer", "respond-async");
        HttpTestClient.Answer retried = client.postJson("/api/v1/wallet", depositBody(wallet, 4), "Idempotency-Key", key);
        assertThat(queued.status()).isEqualTo(202);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().get("operationId")).isEqualTo(queued.json().get("operationId"));
        assertThat(client.balance(wallet)).isEqualTo(4);
    }

    @Test
    void walletCreationWithAKeyIsIdempotentToo() {
        String key = "open-" + UUID.randomUUID();
        HttpTestClient.Answer first = client.postJson("/api/v1/wallets", "{\"currency\":\"EUR\"}", "Idempotency-Key", key);
        HttpTestClient.Answer again = client.postJson("/api/v1/wallets", "{\"currency\":\"EUR\"}", "Idempotency-Key", key);
        HttpTestClient.Answer other = client.postJson("/api/v1/wallets", "{\"currency\":\"USD\"}", "Idempotency-Key", key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().get("walletId")).isEqualTo(first.json().get("walletId"));
        assertThat(other.status()).isEqualTo(422);
    }

    @Test
    void aKeyIsHonouredAcrossAServerRestart() {
        String wallet = client.createWallet();
        String key = "restart-" + UUID.randomUUID();
        HttpTestClient.Answer before = client.postJson("/api/v1/wallet", depositBody(wallet, 13), "Idempotency-Key", key);
        // A second server on the same database, as after a restart: it knows nothing in memory.
        try (var restarted = io.github.wallet.bootstrap.WalletServer.start(io.github.wallet.bootstrap.Config.from(Map.of(
                "WALLET_DB_URL", running.database.jdbcUrl(), "WALLET_DB_USER", running.database.settings().user(),
                "WALLET_DB_PASSWORD", running.database.settings().password(), "WALLET_HTTP_PORT", "0"), new java.util.Properties()))) {
            HttpTestClient other = new HttpTestClient(restarted.port());
            HttpTestClient.Answer after = other.postJson("/api/v1/wallet", depositBody(wallet, 13), "Idempotency-Key", key);
            assertThat(after.status()).isEqualTo(200);
            assertThat(after.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(after.json().get("operationId")).isEqualTo(before.json().get("operationId"));
            assertThat(other.balance(wallet)).isEqualTo(13);
        }
    }

    /**
     * After a restart the key's claim is gone, so a retry is queued as new; a sync one is answered by
     * the planner, but anything answered before the decision (async, or a sync wait that ran out:
     * here it is 0) must first find the key's operation in the store, never give out a new id.
     */
    @Test
    void afterARestartARetryAnsweredBeforeItsDecisionCarriesTheKeysOperationNotANewId() {
        String wallet = client.createWallet();
        String key = "restart-early-" + UUID.randomUUID();
        HttpTestClient.Answer before = client.postJson("/api/v1/wallet", depositBody(wallet, 13), "Idempotency-Key", key);
        assertThat(before.status()).isEqualTo(200);
        try (var restarted = io.github.wallet.bootstrap.WalletServer.start(io.github.wallet.bootstrap.Config.from(Map.of(
                "WALLET_DB_URL", running.database.jdbcUrl(), "WALLET_DB_USER", running.database.settings().user(),
                "WALLET_DB_PASSWORD", running.database.settings().password(), "WALLET_HTTP_PORT", "0",
                "WALLET_SYNC_WAIT_MS", "0"), new java.util.Properties()))) {
            HttpTestClient other = new HttpTestClient(restarted.port());

            HttpTestClient.Answer async = other.postJson("/api/v1/wallet", depositBody(wallet, 13), "Idempotency-Key", key,
                    "Prefer", "respond-async");
            HttpTestClient.Answer sync = other.postJson("/api/v1/wallet", depositBody(wallet, 13), "Idempotency-Key", key);
            HttpTestClient.Answer reused = other.postJson("/api/v1/wallet", depositBody(wallet, 14), "Idempotency-Key", key);
            HttpTestClient.Answer fresh = other.postJson("/api/v1/wallet", depositBody(wallet, 1), "Idempotency-Key", "fresh-" + UUID.randomUUID());

            for (HttpTestClient.Answer replay : List.of(async, sync)) {
                assertThat(replay.status()).as(replay.text()).isEqualTo(200);
                assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
                assertThat(replay.json().get("operationId")).isEqualTo(before.json().get("operationId"));
            }
            assertThat(reused.status()).as(reused.text()).isEqualTo(422);
            // A new key answered before its decision: a 202 whose id exists, and the only new effect.
            assertThat(fresh.status()).as(fresh.text()).isEqualTo(202);
            String freshId = fresh.json().get("operationId").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> "COMPLETED".equals(other.get("/api/v1/operations/" + freshId).json().path("status").asText()));
            assertThat(other.balance(wallet)).isEqualTo(14);
        }
    }
}
