package io.github.wallet.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad request a client (or an attacker) sends gets the right 4xx as
 * problem+json: never a 500, never a hang.
 */
class HostileInputTest {

    @RegisterExtension
    static final TestApi api = new TestApi();
    private static String wallet;
    private static String euroWallet;

    /** One hostile request and what it must get. */
    record Case(String name, Function<HttpTestClient, HttpTestClient.Answer> request, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() {
        wallet = api.client.createWallet();
        euroWallet = api.client.createWallet("{\"currency\":\"EUR\"}");
        api.client.deposit(wallet, 100);
    }


    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileRequestGetsTheRightProblem(Case hostile) {
        HttpTestClient.Answer answer = hostile.request().apply(api.client);
        assertThat(answer.status()).as(answer.text()).isEqualTo(hostile.status());
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(answer.code()).isEqualTo(hostile.code());
        assertThat(answer.json().get("status").asInt()).isEqualTo(hostile.status());
        assertThat(answer.json().get("title").asText()).isNotBlank();
        assertThat(answer.json().get("type").asText()).startsWith("/problems/");
        assertThat(answer.json().get("detail").asText()).isNotBlank();
        if (hostile.status() == 405) {
            assertThat(answer.header("Allow")).isNotBlank();
        }
        if (hostile.code().equals("INVALID_REQUEST") && answer.json().has("errors")) {
            assertThat(answer.json().get("errors").get(0).get("field").asText()).isNotBlank();
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        String w = "\"walletId\":\"%s\"";
        Function<String, String> deposit = amount -> "{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":" + amount + "}";

        // Broken JSON and bodies that are not objects.
        for (String body : List.of("not json", "{", "{\"walletId\":", "[]", "\"text\"", "123", "null", "true", "{}{}",
                "{\"amount\":1} trailing", "{'walletId':'x'}", "{\"amount\":1,\"amount\":2,\"walletId\":\"" + UUID.randomUUID() + "\",\"operationType\":\"DEPOSIT\"}")) {
            cases.add(new Case("wallet body " + body, c -> c.postJson("/api/v1/wallet", body), 400, "INVALID_JSON"));
        }
        cases.add(new Case("empty body", c -> c.postJson("/api/v1/wallet", ""), 400, "INVALID_JSON"));
        cases.add(new Case("whitespace body", c -> c.postJson("/api/v1/wallet", "  \n "), 400, "INVALID_JSON"));
        cases.add(new Case("invalid UTF-8", c -> c.send(c.request("/api/v1/wallet").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[]{'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'})).build()), 400, "INVALID_JSON"));
        cases.add(new Case("nesting 5000 deep", c -> c.postJson("/api/v1/wallet", "[".repeat(5000) + "]".repeat(5000)), 400, "INVALID_JSON"));
        cases.add(new Case("number with 5000 digits", c -> c.postJson("/api/v1/wallet", deposit.apply("9".repeat(5000))), 400, "INVALID_JSON"));

        // Amounts that are not integers in range.
        for (String amount : List.of("1.5", "1.0", "\"100\"", "0", "-1", "1000000000000001", "9223372036854775808",
                "-9223372036854775809", "1e3", "99999999999999999999999999999", "true", "null", "{}", "[]", "NaN", "Infinity")) {
            boolean notJson = amount.equals("NaN") || amount.equals("Infinity");
            cases.add(new Case("amount " + amount, c -> c.postJson("/api/v1/wallet", deposit.apply(amount)), 400, notJson ? "INVALID_JSON" : "INVALID_REQUEST"));
        }
        cases.add(new Case("amount missing", c -> c.postJson("/api/v1/wallet", "{" + w.formatted(wallet) + ",\"operationType\":\"DEPOSIT\"}"), 400, "INVALID_REQUEST"));

        // Wallet ids that are not UUIDs.
        for (String id : List.of("\"not-a-uuid\"", "123", "\"\"", "\"1-1-1-1-1\"", "\" " + UUID.randomUUID() + "\"", "null", "[\"" + UUID.randomUUID() + "\"]",
                "\"" + UUID.randomUUID().toString().replace("-", "") + "\"", "\"zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz\"")) {
            cases.add(new Case("walletId " + id, c -> c.postJson("/api/v1/wallet", "{\"walletId\":" + id + ",\"operationType\":\"DEPOSIT\",\"amount\":1}"), 400, "INVALID_REQUEST"));
        }
        cases.add(new Case("walletId missing", c -> c.postJson("/api/v1/wallet", "{\"operationType\":\"DEPOSIT\",\"amount\":1}"), 400, "INVALID_REQUEST"));

        // Operation types.
        for (String type : List.of("\"deposit\"", "\"TRANSFER\"", "\"\"", "1", "null", "\"DEPOSIT \"")) {
            cases.add(new Case("operationType " + type, c -> c.postJson("/api/v1/wallet", "{" + w.formatted(wallet) + ",\"operationType\":" + type + ",\"amount\":1}"), 400, "INVALID_REQUEST"));
        }
        cases.add(new Case("unknown field", c -> c.postJson("/api/v1/wallet", "{" + w.formatted(wallet) + ",\"operationType\":\"DEPOSIT\",\"amount\":1,\"currency\":\"RUB\"}"), 400, "INVALID_REQUEST"));
        cases.add(new Case("walletId and valletId both", c -> c.postJson("/api/v1/wallet", "{" + w.formatted(wallet) + ",\"valletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":1}"), 400, "INVALID_REQUEST"));
        cases.add(new Case("deposit to an unknown wallet", c -> c.postJson("/api/v1/wallet", "{" + w.formatted(UUID.randomUUID()) + ",\"operationType\":\"DEPOSIT\",\"amount\":1}"), 404, "WALLET_NOT_FOUND"));
        cases.add(new Case("withdrawal beyond the balance", c -> c.postJson("/api/v1/wallet", "{" + w.formatted(wallet) + ",\"operationType\":\"WITHDRAW\",\"amount\":1000000}"), 409, "INSUFFICIENT_FUNDS"));

        // Sizes and media types.
        String huge = "{\"walletId\":\"" + "x".repeat(70 * 1024) + "\"}";
        cases.add(new Case("body over 64 KiB", c -> c.postJson("/api/v1/wallet", huge), 413, "PAYLOAD_TOO_LARGE"));
        cases.add(new Case("chunked body over 64 KiB", c -> c.send(c.request("/api/v1/wallet").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)))).build()), 413, "PAYLOAD_TOO_LARGE"));
        cases.add(new Case("wallet body over 64 KiB", c -> c.postJson("/api/v1/wallets", huge), 413, "PAYLOAD_TOO_LARGE"));
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "application/json; charset=latin1", "multipart/form-data; boundary=x", "application/jsonx")) {
            cases.add(new Case("content type " + type, c -> c.send(c.request("/api/v1/wallet").header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString(deposit.apply("1"))).build()), 415, "UNSUPPORTED_MEDIA_TYPE"));
        }
        cases.add(new Case("no content type", c -> c.send(c.request("/api/v1/wallet").POST(HttpRequest.BodyPublishers.ofString(deposit.apply("1"))).build()), 415, "UNSUPPORTED_MEDIA_TYPE"));
        cases.add(new Case("transfer as text", c -> c.send(c.request("/api/v1/transfers").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build()), 415, "UNSUPPORTED_MEDIA_TYPE"));

        // Routes and methods.
        cases.add(new Case("GET the write endpoint", c -> c.get("/api/v1/wallet"), 405, "METHOD_NOT_ALLOWED"));
        cases.add(new Case("PUT wallets", c -> c.send(c.request("/api/v1/wallets").PUT(HttpRequest.BodyPublishers.ofString("{}")).build()), 405, "METHOD_NOT_ALLOWED"));
        cases.add(new Case("DELETE a wallet", c -> c.send(c.request("/api/v1/wallets/" + wallet).DELETE().build()), 405, "METHOD_NOT_ALLOWED"));
        cases.add(new Case("PATCH transfers", c -> c.send(c.request("/api/v1/transfers").method("PATCH", HttpRequest.BodyPublishers.ofString("{}")).build()), 405, "METHOD_NOT_ALLOWED"));
        cases.add(new Case("POST health", c -> c.postJson("/health/live", "{}"), 405, "METHOD_NOT_ALLOWED"));
        cases.add(new Case("unknown route", c -> c.get("/api/v1/nope"), 404, "NOT_FOUND"));
        cases.add(new Case("root", c -> c.get("/"), 404, "NOT_FOUND"));
        cases.add(new Case("api v2", c -> c.get("/api/v2/wallets/" + wallet), 404, "NOT_FOUND"));
        cases.add(new Case("path traversal", c -> c.get("/api/v1/wallets/../../etc/passwd"), 404, "NOT_FOUND"));

        // Path and query parameters.
        cases.add(new Case("wallet id not a UUID", c -> c.get("/api/v1/wallets/not-a-uuid"), 400, "INVALID_REQUEST"));
        cases.add(new Case("unknown wallet", c -> c.get("/api/v1/wallets/" + UUID.randomUUID()), 404, "WALLET_NOT_FOUND"));
        cases.add(new Case("operation id not a UUID", c -> c.get("/api/v1/operations/xyz"), 400, "INVALID_REQUEST"));
        cases.add(new Case("unknown operation", c -> c.get("/api/v1/operations/" + UUID.randomUUID()), 404, "OPERATION_NOT_FOUND"));
        for (String query : List.of("limit=0", "limit=1001", "limit=abc", "limit=-5", "limit=1.5", "limit=", "limit=1&limit=2", "cursor=garbage", "cursor=",
                "cursor=" + Base64.getUrlEncoder().encodeToString("v1:-3".getBytes(StandardCharsets.US_ASCII)))) {
            cases.add(new Case("history " + query, c -> c.get("/api/v1/wallets/" + wallet + "/operations?" + query), 400, "INVALID_REQUEST"));
        }
        cases.add(new Case("history of an unknown wallet", c -> c.get("/api/v1/wallets/" + UUID.randomUUID() + "/operations"), 404, "WALLET_NOT_FOUND"));

        // Idempotency keys.
        for (String key : List.of("a b", "x".repeat(256), "tab\there")) {
            cases.add(new Case("Idempotency-Key " + key.length() + " chars", c -> c.postJson("/api/v1/wallet", deposit.apply("1"), "Idempotency-Key", key), 400, "INVALID_REQUEST"));
        }
        String reusedKey = "reused-" + UUID.randomUUID();
        cases.add(new Case("Idempotency-Key reused with another request", c -> {
            c.postJson("/api/v1/wallet", deposit.apply("1"), "Idempotency-Key", reusedKey);
            return c.postJson("/api/v1/wallet", deposit.apply("2"), "Idempotency-Key", reusedKey);
        }, 422, "IDEMPOTENCY_KEY_REUSED"));

        // Transfers.
        cases.add(new Case("transfer to the same wallet", c -> c.transfer(wallet, wallet, 1), 400, "INVALID_REQUEST"));
        cases.add(new Case("transfer without target", c -> c.postJson("/api/v1/transfers", "{\"fromWalletId\":\"" + wallet + "\",\"amount\":1}"), 400, "INVALID_REQUEST"));
        cases.add(new Case("transfer with walletId", c -> c.postJson("/api/v1/transfers", "{" + w.formatted(wallet) + ",\"toWalletId\":\"" + euroWallet + "\",\"amount\":1}"), 400, "INVALID_REQUEST"));
        cases.add(new Case("transfer amount as string", c -> c.postJson("/api/v1/transfers", "{\"fromWalletId\":\"" + wallet + "\",\"toWalletId\":\"" + euroWallet + "\",\"amount\":\"1\"}"), 400, "INVALID_REQUEST"));
        cases.add(new Case("transfer to an unknown wallet", c -> c.transfer(wallet, UUID.randomUUID().toString(), 1), 404, "WALLET_NOT_FOUND"));
        cases.add(new Case("transfer from an unknown wallet", c -> c.transfer(UUID.randomUUID().toString(), wallet, 1), 404, "WALLET_NOT_FOUND"));
        cases.add(new Case("transfer between currencies", c -> c.transfer(wallet, euroWallet, 1), 409, "CURRENCY_MISMATCH"));

        // Wallet creation.
        for (String body : List.of("{\"currency\":\"rub\"}", "{\"currency\":\"RUBL\"}", "{\"currency\":643}", "{\"currency\":\"\"}",
                "{\"walletId\":\"nope\"}", "{\"walletId\":42}", "{\"name\":\"savings\"}")) {
            cases.add(new Case("create " + body, c -> c.postJson("/api/v1/wallets", body), 400, "INVALID_REQUEST"));
        }
        cases.add(new Case("create with an array", c -> c.postJson("/api/v1/wallets", "[]"), 400, "INVALID_JSON"));
        cases.add(new Case("create an existing wallet", c -> c.postJson("/api/v1/wallets", "{" + w.formatted(wallet) + "}"), 409, "WALLET_ALREADY_EXISTS"));
        return cases.stream();
    }
}
