package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wallet.adapter.in.http.HttpTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Holds, limits and frozen wallets over HTTP against real servers and PostgreSQL (CONTRACT.md
 * §7, §8). Each subclass runs them on one shape: {@link #client(int)} spreads the steps of one
 * scenario over its instances, so a hold placed on one is captured on another.
 */
abstract class HoldsAndLimitsScenarios {

    /** The client of instance {@code n} (modulo the number of instances). */
    abstract HttpTestClient client(int n);

    // ---- helpers -------------------------------------------------------------------------------

    static String hold(String walletId, long amount) {
        return "{\"walletId\":\"" + walletId + "\",\"amount\":" + amount + "}";
    }

    static String hold(String walletId, long amount, String toWalletId, int expiresInSeconds) {
        return "{\"walletId\":\"" + walletId + "\",\"amount\":" + amount
                + (toWalletId == null ? "" : ",\"toWalletId\":\"" + toWalletId + "\"")
                + (expiresInSeconds <= 0 ? "" : ",\"expiresInSeconds\":" + expiresInSeconds) + "}";
    }

    static String money(String walletId, String type, long amount) {
        return "{\"walletId\":\"" + walletId + "\",\"operationType\":\"" + type + "\",\"amount\":" + amount + "}";
    }

    JsonNode wallet(String walletId) {
        return client(0).get("/api/v1/wallets/" + walletId).json();
    }

    String funded(long amount) {
        String wallet = client(0).createWallet();
        assertThat(client(1).deposit(wallet, amount).status()).isEqualTo(200);
        return wallet;
    }

    /** Places a hold and returns its id, checking the 200. */
    String placed(int instance, String body) {
        HttpTestClient.Answer answer = client(instance).postJson("/api/v1/holds", body);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(answer.json().get("operationId").asText()).isEqualTo(answer.json().get("holdId").asText());
        return answer.json().get("holdId").asText();
    }

    /** Queues asynchronously and returns the operation's id. */
    String queued(int instance, String path, String body) {
        HttpTestClient.Answer answer = client(instance).postJson(path, body, "Prefer", "respond-async");
        assertThat(answer.status()).as(answer.text()).isEqualTo(202);
        return answer.json().get("operationId").asText();
    }

    String queuedPut(int instance, String path, String body) {
        HttpTestClient.Answer answer = client(instance).putJson(path, body, "Prefer", "respond-async");
        assertThat(answer.status()).as(answer.text()).isEqualTo(202);
        return answer.json().get("operationId").asText();
    }

    /** The operation once decided, read on any instance. */
    JsonNode decided(String operationId) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            found[0] = client(1).get("/api/v1/operations/" + operationId).json();
            assertThat(found[0].get("status").asText()).isNotEqualTo("PENDING");
        });
        return found[0];
    }

    // ---- holds ---------------------------------------------------------------------------------

    @Test
    void placeThenCapturePartToAWalletReleasesTheRest() {
        String payer = funded(1_000);
        String payee = client(0).createWallet();
        String holdId = placed(0, hold(payer, 300, payee, 0));
        JsonNode held = wallet(payer);
        assertThat(held.get("balance").asLong()).isEqualTo(1_000);
        assertThat(held.get("heldAmount").asLong()).isEqualTo(300);
        assertThat(held.get("availableBalance").asLong()).isEqualTo(700);

        HttpTestClient.Answer capture = client(1).postJson("/api/v1/holds/" + holdId + "/capture", "{\"amount\":120}");
        assertThat(capture.status()).as(capture.text()).isEqualTo(200);
        assertThat(capture.json().get("status").asText()).isEqualTo("CAPTURED");
        assertThat(capture.json().get("capturedAmount").asLong()).isEqualTo(120);
        assertThat(capture.json().get("toWalletId").asText()).isEqualTo(payee);
        String captureId = capture.json().get("operationId").asText();
        assertThat(captureId).isNotEqualTo(holdId);

        JsonNode after = wallet(payer);
        assertThat(after.get("balance").asLong()).isEqualTo(880);
        assertThat(after.get("heldAmount").asLong()).isZero();
        assertThat(after.get("availableBalance").asLong()).isEqualTo(880);
        assertThat(client(0).balance(payee)).isEqualTo(120);

        JsonNode step = client(0).get("/api/v1/operations/" + captureId).json();
        assertThat(step.get("type").asText()).isEqualTo("CAPTURE");
        assertThat(step.get("holdId").asText()).isEqualTo(holdId);
        assertThat(step.get("amount").asLong()).isEqualTo(120);
        List<JsonNode> history = History.of(client(1), payer);
        assertThat(history).extracting(item -> item.get("type").asText()).containsExactly("CAPTURE", "HOLD", "DEPOSIT");
        assertThat(History.sum(history, payer)).isEqualTo(880);
        assertThat(History.sum(History.of(client(0), payee), payee)).isEqualTo(120);
    }

    @Test
    void aCaptureWithoutAmountOrTargetWithdrawsAllOfTheHold() {
        String wallet = funded(500);
        String holdId = placed(1, hold(wallet, 200));
        HttpTestClient.Answer capture = client(0).postJson("/api/v1/holds/" + holdId + "/capture", "{}");
        assertThat(capture.status()).as(capture.text()).isEqualTo(200);
        assertThat(capture.json().get("capturedAmount").asLong()).isEqualTo(200);
        assertThat(wallet(wallet).get("balance").asLong()).isEqualTo(300);
        assertThat(client(1).get("/api/v1/operations/" + capture.json().get("operationId").asText()).json().get("amount").asLong())
                .as("a decided capture names what it took").isEqualTo(200);
    }

    @Test
    void aVoidReleasesItAllAndAHoldSettlesOnce() {
        String wallet = funded(500);
        String holdId = placed(0, hold(wallet, 400));
        HttpTestClient.Answer voided = client(1).postJson("/api/v1/holds/" + holdId + "/void", "{}");
        assertThat(voided.status()).as(voided.text()).isEqualTo(200);
        assertThat(voided.json().get("status").asText()).isEqualTo("VOIDED");
        assertThat(wallet(wallet).get("availableBalance").asLong()).isEqualTo(500);

        for (String step : List.of("capture", "void")) {
            HttpTestClient.Answer again = client(0).postJson("/api/v1/holds/" + holdId + "/" + step, "{}");
            assertThat(again.status()).as(again.text()).isEqualTo(409);
            assertThat(again.code()).isEqualTo("HOLD_NOT_ACTIVE");
            assertThat(again.json().get("holdStatus").asText()).isEqualTo("VOIDED");
            assertThat(again.json().get("operationId")).as("the refused step is an operation too").isNotNull();
        }
        assertThat(wallet(wallet).get("balance").asLong()).isEqualTo(500);
    }

    @Test
    void captureAboveTheHoldIsRefusedAndTheHoldStaysActive() {
        String wallet = funded(500);
        String holdId = placed(0, hold(wallet, 100));
        HttpTestClient.Answer capture = client(1).postJson("/api/v1/holds/" + holdId + "/capture", "{\"amount\":101}");
        assertThat(capture.status()).isEqualTo(409);
        assertThat(capture.code()).isEqualTo("AMOUNT_EXCEEDS_HOLD");
        assertThat(client(0).get("/api/v1/holds/" + holdId).json().get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void anUnknownHoldIs404() {
        String unknown = UUID.randomUUID().toString();
        assertThat(client(0).get("/api/v1/holds/" + unknown).code()).isEqualTo("HOLD_NOT_FOUND");
        HttpTestClient.Answer capture = client(1).postJson("/api/v1/holds/" + unknown + "/capture", "{}");
        assertThat(capture.status()).isEqualTo(404);
        assertThat(capture.code()).isEqualTo("HOLD_NOT_FOUND");
    }

    @Test
    void aHoldRefusedForFundsIsShownRejected() {
        String wallet = funded(10);
        HttpTestClient.Answer refused = client(0).postJson("/api/v1/holds", hold(wallet, 11));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("INSUFFICIENT_FUNDS");
        String holdId = refused.json().get("operationId").asText();
        JsonNode shown = client(1).get("/api/v1/holds/" + holdId).json();
        assertThat(shown.get("status").asText()).isEqualTo("REJECTED");
        assertThat(shown.get("rejectionCode").asText()).isEqualTo("INSUFFICIENT_FUNDS");
        HttpTestClient.Answer capture = client(1).postJson("/api/v1/holds/" + holdId + "/capture", "{}");
        assertThat(capture.status()).isEqualTo(409);
        assertThat(capture.json().get("holdStatus").asText()).isEqualTo("REJECTED");
    }

    @Test
    void aHoldQueuedBeforeAWithdrawalIsSeenByIt() {
        String wallet = funded(100);
        String holdId = queued(0, "/api/v1/holds", hold(wallet, 80));
        String tooMuch = queued(1, "/api/v1/wallet", money(wallet, "WITHDRAW", 30));
        String fits = queued(0, "/api/v1/wallet", money(wallet, "WITHDRAW", 20));
        assertThat(decided(holdId).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(decided(tooMuch).get("rejectionCode").asText()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(decided(fits).get("status").asText()).isEqualTo("COMPLETED");
        JsonNode after = wallet(wallet);
        assertThat(after.get("balance").asLong()).isEqualTo(80);
        assertThat(after.get("availableBalance").asLong()).isZero();
    }

    @Test
    void concurrentWithdrawalsAgainstAHeldBalanceNeverOverdraw() {
        String wallet = funded(1_000);
        String holdId = placed(0, hold(wallet, 600));
        List<CompletableFuture<HttpTestClient.Answer>> withdrawals = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            withdrawals.add(client(i).postJsonAsync("/api/v1/wallet", money(wallet, "WITHDRAW", 20)));
        }
        List<HttpTestClient.Answer> answers = withdrawals.stream().map(CompletableFuture::join).toList();
        assertThat(answers).extracting(HttpTestClient.Answer::status).containsOnly(200, 409);
        assertThat(answers.stream().filter(a -> a.status() == 200)).as("400 available, 20 each").hasSize(20);
        assertThat(answers.stream().filter(a -> a.status() == 409)).allMatch(a -> "INSUFFICIENT_FUNDS".equals(a.code()));
        JsonNode after = wallet(wallet);
        assertThat(after.get("balance").asLong()).isEqualTo(600);
        assertThat(after.get("availableBalance").asLong()).isZero();
        assertThat(client(1).postJson("/api/v1/holds/" + holdId + "/capture", "{}").status()).isEqualTo(200);
        assertThat(wallet(wallet).get("balance").asLong()).isZero();
    }

    @Test
    void aHoldExpiresWithNoTrafficAtMostAboutASecondLate() {
        String wallet = funded(100);
        String holdId = placed(1, hold(wallet, 70, null, 1));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(client(0).get("/api/v1/holds/" + holdId).json().get("status").asText()).isEqualTo("EXPIRED"));
        JsonNode expired = client(1).get("/api/v1/holds/" + holdId).json();
        Duration late = Duration.between(Instant.parse(expired.get("expiresAt").asText()), Instant.parse(expired.get("settledAt").asText()));
        assertThat(late).as("released %s after its time", late).isBetween(Duration.ZERO, Duration.ofMillis(1_500));
        assertThat(wallet(wallet).get("availableBalance").asLong()).isEqualTo(100);
        assertThat(History.of(client(0), wallet)).extracting(item -> item.get("type").asText()).startsWith("EXPIRE");

        HttpTestClient.Answer late1 = client(0).postJson("/api/v1/holds/" + holdId + "/capture", "{}");
        assertThat(late1.status()).isEqualTo(409);
        assertThat(late1.json().get("holdStatus").asText()).isEqualTo("EXPIRED");
    }

    @Test
    void aCaptureRacingTheExpiryEitherWinsOrIsRefusedNeverBoth() {
        String wallet = funded(10_000);
        List<String> holds = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            holds.add(placed(i, hold(wallet, 100, null, 1)));
        }
        List<CompletableFuture<HttpTestClient.Answer>> captures = new ArrayList<>();
        // Captures spread around the moment the holds expire: some before, some after.
        await().pollDelay(Duration.ofMillis(700)).until(() -> true);
        for (int i = 0; i < holds.size(); i++) {
            captures.add(client(i).postJsonAsync("/api/v1/holds/" + holds.get(i) + "/capture", "{}"));
            await().pollDelay(Duration.ofMillis(50)).until(() -> true);
        }
        long captured = 0;
        for (int i = 0; i < holds.size(); i++) {
            HttpTestClient.Answer answer = captures.get(i).join();
            String holdId = holds.get(i);
            if (answer.status() == 200) {
                captured += 100;
                assertThat(answer.json().get("status").asText()).isEqualTo("CAPTURED");
            } else {
                assertThat(answer.status()).as(answer.text()).isEqualTo(409);
                assertThat(answer.code()).isEqualTo("HOLD_NOT_ACTIVE");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(client(0).get("/api/v1/holds/" + holdId).json().get("status").asText()).isEqualTo("EXPIRED"));
            }
        }
        long expectedBalance = 10_000 - captured;
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(wallet(wallet).get("heldAmount").asLong()).isZero());
        assertThat(wallet(wallet).get("balance").asLong()).isEqualTo(expectedBalance);
        List<JsonNode> history = History.of(client(1), wallet);
        assertThat(History.sum(history, wallet)).isEqualTo(expectedBalance);
        for (String holdId : holds) {
            long settled = history.stream().filter(item -> holdId.equals(item.path("holdId").asText())
                    && item.get("status").asText().equals("COMPLETED") && !item.get("type").asText().equals("HOLD")).count();
            assertThat(settled).as("hold %s settled once", holdId).isEqualTo(1);
        }
    }

    @Test
    void holdsOfAWalletArePagedNewestFirstAndFilteredByStatus() {
        String wallet = funded(1_000);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(placed(i, hold(wallet, 10 + i)));
        }
        client(0).postJson("/api/v1/holds/" + ids.get(1) + "/void", "{}");
        JsonNode first = client(1).get("/api/v1/wallets/" + wallet + "/holds?status=ACTIVE&limit=2").json();
        assertThat(first.get("items")).extracting(item -> item.get("holdId").asText()).containsExactly(ids.get(4), ids.get(3));
        JsonNode second = client(0).get("/api/v1/wallets/" + wallet + "/holds?status=ACTIVE&limit=2&cursor=" + first.get("nextCursor").asText()).json();
        assertThat(second.get("items")).extracting(item -> item.get("holdId").asText()).containsExactly(ids.get(2), ids.get(0));
        assertThat(second.get("nextCursor").isNull()).isTrue();
        assertThat(client(0).get("/api/v1/wallets/" + wallet + "/holds").json().get("items")).hasSize(5);
    }

    @Test
    void aPlacementRetriedWithItsKeyIsTheSameHold() {
        String wallet = funded(1_000);
        String key = "hold-" + UUID.randomUUID();
        HttpTestClient.Answer first = client(0).postJson("/api/v1/holds", hold(wallet, 100), "Idempotency-Key", key);
        HttpTestClient.Answer retry = client(1).postJson("/api/v1/holds", hold(wallet, 100), "Idempotency-Key", key);
        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("holdId").asText()).isEqualTo(first.json().get("holdId").asText());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(client(0).postJson("/api/v1/holds", hold(wallet, 101), "Idempotency-Key", key).code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(wallet(wallet).get("heldAmount").asLong()).isEqualTo(100);

        // Captured since: a retry of the placement still answers the placement, the hold as it left it (§7).
        String holdId = first.json().get("holdId").asText();
        assertThat(client(0).postJson("/api/v1/holds/" + holdId + "/capture", "{}").status()).isEqualTo(200);
        HttpTestClient.Answer late = client(1).postJson("/api/v1/holds", hold(wallet, 100), "Idempotency-Key", key);
        assertThat(late.status()).isEqualTo(200);
        assertThat(late.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(late.json()).as(late.text()).isEqualTo(first.json());
    }

    // ---- limits and status ---------------------------------------------------------------------

    @Test
    void limitsAndFreezeApplyInQueueOrder() {
        String wallet = funded(1_000);
        String path = "/api/v1/wallets/" + wallet;
        String before = queued(0, "/api/v1/wallet", money(wallet, "WITHDRAW", 100));
        String limit = queuedPut(1, path + "/limits", "{\"maxDebitPerDay\":150}");
        String after = queued(0, "/api/v1/wallet", money(wallet, "WITHDRAW", 100));
        assertThat(decided(before).get("status").asText()).as("queued before the limit: the old rule").isEqualTo("COMPLETED");
        JsonNode set = decided(limit);
        assertThat(set.get("type").asText()).isEqualTo("SET_LIMITS");
        assertThat(set.get("limits").get("maxDebitPerDay").asLong()).isEqualTo(150);
        assertThat(set.has("amount")).isFalse();
        assertThat(decided(after).get("rejectionCode").asText()).isEqualTo("DEBIT_LIMIT_EXCEEDED");

        String holdId = placed(1, hold(wallet, 40));
        String freeze = queuedPut(0, path + "/status", "{\"status\":\"FROZEN\"}");
        String deposit = queued(1, "/api/v1/wallet", money(wallet, "DEPOSIT", 10));
        String withdrawal = queued(0, "/api/v1/wallet", money(wallet, "WITHDRAW", 10));
        String capture = queued(1, "/api/v1/holds/" + holdId + "/capture", "{}");
        assertThat(decided(freeze).get("walletStatus").asText()).isEqualTo("FROZEN");
        assertThat(decided(deposit).get("status").asText()).as("a frozen wallet takes money in").isEqualTo("COMPLETED");
        assertThat(decided(withdrawal).get("rejectionCode").asText()).isEqualTo("WALLET_FROZEN");
        assertThat(decided(capture).get("rejectionCode").asText()).as("a hold placed before the freeze").isEqualTo("WALLET_FROZEN");
        assertThat(wallet(wallet).get("status").asText()).isEqualTo("FROZEN");

        HttpTestClient.Answer thaw = client(1).putJson(path + "/status", "{\"status\":\"ACTIVE\"}");
        assertThat(thaw.status()).as(thaw.text()).isEqualTo(200);
        assertThat(client(0).postJson("/api/v1/holds/" + holdId + "/capture", "{}").status()).isEqualTo(200);
        assertThat(wallet(wallet).get("balance").asLong()).isEqualTo(1_000 - 100 + 10 - 40);
    }

    @Test
    void anOverdraftLetsTheBalanceGoNegativeAndLoweringItOnlyBlocksFurtherDebits() {
        String wallet = client(0).createWallet("{\"limits\":{\"overdraftLimit\":500}}");
        JsonNode created = wallet(wallet);
        assertThat(created.get("limits").get("overdraftLimit").asLong()).isEqualTo(500);
        assertThat(created.get("availableBalance").asLong()).isEqualTo(500);
        assertThat(client(1).withdraw(wallet, 300).json().get("balanceAfter").asLong()).isEqualTo(-300);
        assertThat(client(0).withdraw(wallet, 300).code()).isEqualTo("INSUFFICIENT_FUNDS");

        HttpTestClient.Answer lowered = client(1).putJson("/api/v1/wallets/" + wallet + "/limits", "{\"overdraftLimit\":100}");
        assertThat(lowered.status()).as(lowered.text()).isEqualTo(200);
        JsonNode below = wallet(wallet);
        assertThat(below.get("balance").asLong()).isEqualTo(-300);
        assertThat(below.get("availableBalance").asLong()).isEqualTo(-200);
        assertThat(client(0).withdraw(wallet, 1).code()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(client(1).deposit(wallet, 50).status()).isEqualTo(200);
        assertThat(History.sum(History.of(client(0), wallet), wallet)).isEqualTo(-250);
    }

    @Test
    void aBalanceCapRefusesCreditsAboveIt() {
        String capped = client(0).createWallet("{\"limits\":{\"maxBalance\":100}}");
        String source = funded(1_000);
        assertThat(client(1).deposit(capped, 100).status()).isEqualTo(200);
        assertThat(client(0).deposit(capped, 1).code()).isEqualTo("BALANCE_LIMIT_EXCEEDED");
        assertThat(client(1).transfer(source, capped, 1).code()).isEqualTo("BALANCE_LIMIT_EXCEEDED");
        String holdId = placed(0, hold(source, 5, capped, 0));
        assertThat(client(1).postJson("/api/v1/holds/" + holdId + "/capture", "{}").code()).isEqualTo("BALANCE_LIMIT_EXCEEDED");
        HttpTestClient.Answer removed = client(0).putJson("/api/v1/wallets/" + capped + "/limits", "{}");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().get("limits").has("maxBalance")).isFalse();
        assertThat(client(1).postJson("/api/v1/holds/" + holdId + "/capture", "{}").status()).isEqualTo(200);
        assertThat(client(0).balance(capped)).isEqualTo(105);
    }

    @Test
    void aWalletCreatedFrozenTakesDepositsButNoHolds() {
        String wallet = client(0).createWallet("{\"status\":\"FROZEN\"}");
        assertThat(client(1).deposit(wallet, 10).status()).isEqualTo(200);
        HttpTestClient.Answer refused = client(0).postJson("/api/v1/holds", hold(wallet, 5));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("WALLET_FROZEN");
    }
}
