package io.github.wallet.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API's happy paths and promises, over a real socket.
 */
class WalletApiTest {

    @RegisterExtension
    static final TestApi api = new TestApi(Duration.ofMillis(500));
    private static HttpTestClient client;

    @BeforeAll
    static void start() {
        client = api.client;
    }


    @Test
    void aNewWalletIsEmptyInTheDefaultCurrencyWithALocation() {
        HttpTestClient.Answer created = client.postJson("/api/v1/wallets", "{}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("walletId").asText();
        assertThat(created.header("Location")).isEqualTo("/api/v1/wallets/" + id);
        assertThat(created.json().get("currency").asText()).isEqualTo("RUB");
        assertThat(created.json().get("balance").isIntegralNumber()).isTrue();
        assertThat(created.json().get("balance").asLong()).isZero();
        assertThat(created.json().get("createdAt").asText()).endsWith("Z");
        assertThat(client.get("/api/v1/wallets/" + id).json().get("walletId").asText()).isEqualTo(id);
    }

    @Test
    void aWalletCanBeOpenedWithItsOwnIdAndCurrencyAndWithNoBodyAtAll() {
        String id = UUID.randomUUID().toString();
        assertThat(client.createWallet("{\"walletId\":\"" + id + "\",\"currency\":\"USD\"}")).isEqualTo(id);
        HttpTestClient.Answer bare = client.send(client.request("/api/v1/wallets").POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(bare.status()).isEqualTo(201);
    }

    @Test
    void theClassicRequestDepositsAndAnswersTheCommittedOperation() {
        String wallet = client.createWallet();
        HttpTestClient.Answer answer = client.postJson("/api/v1/wallet", "{\"walletId\": \"" + wallet + "\", \"operationType\": \"DEPOSIT\", \"amount\": 1000}");
        assertThat(answer.status()).isEqualTo(200);
        JsonNode op = answer.json();
        assertThat(op.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(op.get("type").asText()).isEqualTo("DEPOSIT");
        assertThat(op.get("walletId").asText()).isEqualTo(wallet);
        assertThat(op.get("amount").asLong()).isEqualTo(1000);
        assertThat(op.get("balanceAfter").asLong()).isEqualTo(1000);
        assertThat(op.has("rejectionCode")).isFalse();
        assertThat(op.get("completedAt").asText()).endsWith("Z");
        assertThat(answer.header("Server-Timing")).matches("queue;dur=[0-9.]+, apply;dur=[0-9.]+");
        assertThat(client.balance(wallet)).isEqualTo(1000);
    }

    /** CONTRACT.md §3: every write answer carries Server-Timing, a wallet's creation and an answer refused before queueing too. */
    @Test
    void everyWriteAnswerCarriesServerTiming() {
        String wallet = client.createWallet();
        String key = "timing-" + java.util.UUID.randomUUID();
        List<HttpTestClient.Answer> answers = List.of(
                client.postJson("/api/v1/wallets", "{}"),
                client.postJson("/api/v1/wallets", "{\"walletId\":\"" + wallet + "\"}"),
                client.postJson("/api/v1/wallet", "{\"walletId\":\"" + java.util.UUID.randomUUID() + "\",\"operationType\":\"DEPOSIT\",\"amount\":1}"),
                client.postJson("/api/v1/wallet", "{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":1}", "Idempotency-Key", key),
                client.postJson("/api/v1/wallet", "{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":2}", "Idempotency-Key", key),
                client.postJson("/api/v1/holds/" + java.util.UUID.randomUUID() + "/void", "{}"));
        assertThat(answers).extracting(HttpTestClient.Answer::status).containsExactly(201, 409, 404, 200, 422, 404);
        assertThat(answers).allSatisfy(answer -> assertThat(answer.header("Server-Timing")).as(answer.text())
                .matches("queue;dur=[0-9.]+, apply;dur=[0-9.]+"));
    }

    @Test
    void theMisspeltValletIdIsAcceptedAsWalletId() {
        String wallet = client.createWallet();
        HttpTestClient.Answer answer = client.postJson("/api/v1/wallet", "{\"valletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":5}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(client.balance(wallet)).isEqualTo(5);
    }

    @Test
    void aWithdrawalBeyondTheBalanceIsRejectedAndStoredAsRejected() {
        String wallet = client.createWallet();
        client.deposit(wallet, 10);
        HttpTestClient.Answer answer = client.withdraw(wallet, 11);
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.code()).isEqualTo("INSUFFICIENT_FUNDS");
        String operationId = answer.json().get("operationId").asText();
        JsonNode stored = client.get("/api/v1/operations/" + operationId).json();
        assertThat(stored.get("status").asText()).isEqualTo("REJECTED");
        assertThat(stored.get("rejectionCode").asText()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(client.balance(wallet)).isEqualTo(10);
    }

    @Test
    void aTransferMovesMoneyAndShowsInBothHistories() {
        String from = client.createWallet();
        String to = client.createWallet();
        client.deposit(from, 100);
        HttpTestClient.Answer answer = client.transfer(from, to, 40);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("fromWalletId").asText()).isEqualTo(from);
        assertThat(answer.json().get("toWalletId").asText()).isEqualTo(to);
        assertThat(answer.json().get("balanceAfter").asLong()).isEqualTo(60);
        assertThat(client.balance(to)).isEqualTo(40);
        String id = answer.json().get("operationId").asText();
        assertThat(client.get("/api/v1/wallets/" + to + "/operations").json().get("items").get(0).get("operationId").asText()).isEqualTo(id);
        assertThat(client.get("/api/v1/wallets/" + from + "/operations").json().get("items").get(0).get("operationId").asText()).isEqualTo(id);
    }

    @Test
    void historyPagesNewestFirstWithACursor() {
        String wallet = client.createWallet();
        for (int i = 1; i <= 7; i++) {
            client.deposit(wallet, i);
        }
        List<Long> amounts = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = client.get("/api/v1/wallets/" + wallet + "/operations?limit=3" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").forEach(item -> amounts.add(item.get("amount").asLong()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null);
        assertThat(amounts).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void respondAsyncAnswers202WithALocationThatEventuallyShowsTheOutcome() {
        String wallet = client.createWallet();
        HttpTestClient.Answer answer = client.postJson("/api/v1/wallet",
                "{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":3}", "Prefer", "respond-async");
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().get("status").asText()).isEqualTo("PENDING");
        assertThat(answer.header("Server-Timing")).startsWith("queue;dur=");
        String location = answer.header("Location");
        assertThat(location).isEqualTo("/api/v1/operations/" + answer.json().get("operationId").asText());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(client.get(location).json().get("status").asText()).isEqualTo("COMPLETED"));
    }

    @Test
    void aWriteThatCannotCommitInTimeAnswers202AndIsNotLost() {
        String wallet = client.createWallet();
        api.store.setDown(true);
        try {
            HttpTestClient.Answer answer = client.deposit(wallet, 9);
            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.json().get("status").asText()).isEqualTo("PENDING");
            assertThat(client.get("/health/ready").status()).isEqualTo(503);
            api.store.setDown(false);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(client.get(answer.header("Location")).json().get("status").asText()).isEqualTo("COMPLETED"));
            assertThat(client.balance(wallet)).isEqualTo(9);
        } finally {
            api.store.setDown(false);
        }
    }

    @Test
    void whenTheStoreIsDownReadsAndNewWalletsGet503WithRetryAfter() {
        api.store.setDown(true);
        try {
            HttpTestClient.Answer read = client.get("/api/v1/wallets/" + UUID.randomUUID());
            assertThat(read.status()).isEqualTo(503);
            assertThat(read.code()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(read.header("Retry-After")).isNotBlank();
            assertThat(client.postJson("/api/v1/wallets", "{}").status()).isEqualTo(503);
        } finally {
            api.store.setDown(false);
        }
    }

    @Test
    void healthAndMetricsAndTheApiDocumentAnswer() {
        assertThat(client.get("/health/live").status()).isEqualTo(200);
        HttpTestClient.Answer ready = client.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("checks").get("store").asText()).isEqualTo("UP");
        assertThat(client.get("/metrics").status()).isEqualTo(200);
        HttpTestClient.Answer openApi = client.get("/openapi.yaml");
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.text()).startsWith("openapi: 3.1");
    }
}
