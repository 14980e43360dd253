package io.github.wallet.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad requests to the routes of holds, limits and status (CONTRACT.md §7, §8) get the right 4xx as
 * problem+json naming the field: never a 500, never a hang, and nothing queued.
 */
class HoldsAndRulesHostileInputTest {

    @RegisterExtension
    static final TestApi api = new TestApi();
    private static String wallet;
    private static String euroWallet;
    private static String settledHold;
    private static String activeHold;

    /** One hostile request and what it must get. */
    record Case(String name, Function<HttpTestClient, HttpTestClient.Answer> request, int status, String code, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() {
        wallet = api.client.createWallet();
        euroWallet = api.client.createWallet("{\"currency\":\"EUR\"}");
        api.client.deposit(wallet, 1_000);
        activeHold = api.client.postJson("/api/v1/holds", "{\"walletId\":\"" + wallet + "\",\"amount\":10}").json().get("holdId").asText();
        settledHold = api.client.postJson("/api/v1/holds", "{\"walletId\":\"" + wallet + "\",\"amount\":10}").json().get("holdId").asText();
        api.client.postJson("/api/v1/holds/" + settledHold + "/void", "{}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileRequestGetsTheRightProblem(Case hostile) {
        long heldBefore = api.client.get("/api/v1/wallets/" + wallet).json().get("heldAmount").asLong();
        HttpTestClient.Answer answer = hostile.request().apply(api.client);
        assertThat(answer.status()).as(answer.text()).isEqualTo(hostile.status());
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(answer.code()).isEqualTo(hostile.code());
        assertThat(answer.json().get("detail").asText()).isNotBlank();
        if (hostile.field() != null) {
            assertThat(answer.json().get("errors")).extracting(error -> error.get("field").asText()).contains(hostile.field());
        }
        assertThat(api.client.get("/api/v1/wallets/" + wallet).json().get("heldAmount").asLong()).as("nothing held by a refused request")
                .isEqualTo(heldBefore);
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        String w = "\"walletId\":\"" + wallet + "\"";
        String unknown = UUID.randomUUID().toString();

        // Placing a hold.
        for (String amount : List.of("0", "-1", "1.5", "\"10\"", "1000000000000001", "99999999999999999999", "null", "true")) {
            cases.add(place("amount " + amount, "{" + w + ",\"amount\":" + amount + "}", 400, "INVALID_REQUEST", "amount"));
        }
        cases.add(place("no amount", "{" + w + "}", 400, "INVALID_REQUEST", "amount"));
        cases.add(place("no wallet", "{\"amount\":5}", 400, "INVALID_REQUEST", "walletId"));
        cases.add(place("bad wallet id", "{\"walletId\":\"1-1-1-1-1\",\"amount\":5}", 400, "INVALID_REQUEST", "walletId"));
        cases.add(place("bad target id", "{" + w + ",\"amount\":5,\"toWalletId\":42}", 400, "INVALID_REQUEST", "toWalletId"));
        cases.add(place("target is the wallet", "{" + w + ",\"amount\":5,\"toWalletId\":\"" + wallet + "\"}", 400, "INVALID_REQUEST", "toWalletId"));
        for (String expiry : List.of("0", "-5", "2592001", "1.5", "\"60\"", "9223372036854775808")) {
            cases.add(place("expiresInSeconds " + expiry, "{" + w + ",\"amount\":5,\"expiresInSeconds\":" + expiry + "}", 400, "INVALID_REQUEST", "expiresInSeconds"));
        }
        cases.add(place("unknown field", "{" + w + ",\"amount\":5,\"currency\":\"RUB\"}", 400, "INVALID_REQUEST", "currency"));
        cases.add(place("not an object", "[1]", 400, "INVALID_JSON", null));
        cases.add(place("unknown wallet", "{\"walletId\":\"" + unknown + "\",\"amount\":5}", 404, "WALLET_NOT_FOUND", null));
        cases.add(place("unknown target", "{" + w + ",\"amount\":5,\"toWalletId\":\"" + unknown + "\"}", 404, "WALLET_NOT_FOUND", null));
        cases.add(place("target in another currency", "{" + w + ",\"amount\":5,\"toWalletId\":\"" + euroWallet + "\"}", 409, "CURRENCY_MISMATCH", null));
        cases.add(place("more than available", "{" + w + ",\"amount\":100000}", 409, "INSUFFICIENT_FUNDS", null));

        // Capturing and voiding.
        cases.add(new Case("capture of an unknown hold", c -> c.postJson("/api/v1/holds/" + unknown + "/capture", "{}"), 404, "HOLD_NOT_FOUND", null));
        cases.add(new Case("void of an unknown hold", c -> c.postJson("/api/v1/holds/" + unknown + "/void", "{}"), 404, "HOLD_NOT_FOUND", null));
        cases.add(new Case("capture with a bad hold id", c -> c.postJson("/api/v1/holds/not-a-uuid/capture", "{}"), 400, "INVALID_REQUEST", "holdId"));
        cases.add(new Case("read a bad hold id", c -> c.get("/api/v1/holds/zzz"), 400, "INVALID_REQUEST", "holdId"));
        cases.add(new Case("read an unknown hold", c -> c.get("/api/v1/holds/" + unknown), 404, "HOLD_NOT_FOUND", null));
        cases.add(new Case("capture of a settled hold", c -> c.postJson("/api/v1/holds/" + settledHold + "/capture", "{}"), 409, "HOLD_NOT_ACTIVE", null));
        cases.add(new Case("capture above the hold", c -> c.postJson("/api/v1/holds/" + activeHold + "/capture", "{\"amount\":11}"), 409, "AMOUNT_EXCEEDS_HOLD", null));
        for (String amount : List.of("0", "-3", "2.5", "\"5\"", "1000000000000001")) {
            cases.add(new Case("capture amount " + amount, c -> c.postJson("/api/v1/holds/" + activeHold + "/capture", "{\"amount\":" + amount + "}"),
                    400, "INVALID_REQUEST", "amount"));
        }
        cases.add(new Case("void with an amount", c -> c.postJson("/api/v1/holds/" + activeHold + "/void", "{\"amount\":5}"), 400, "INVALID_REQUEST", "amount"));
        cases.add(new Case("capture with a broken body", c -> c.postJson("/api/v1/holds/" + activeHold + "/capture", "{\"amount\":"), 400, "INVALID_JSON", null));
        cases.add(new Case("capture with GET", c -> c.get("/api/v1/holds/" + activeHold + "/capture"), 405, "METHOD_NOT_ALLOWED", null));

        // Listing holds.
        for (String query : List.of("status=PENDING", "status=active", "limit=0", "limit=1001", "limit=x", "cursor=nope", "status=ACTIVE&status=VOIDED")) {
            String field = query.substring(0, query.indexOf('='));
            cases.add(new Case("list holds " + query, c -> c.get("/api/v1/wallets/" + wallet + "/holds?" + query), 400, "INVALID_REQUEST", field));
        }
        cases.add(new Case("list holds of an unknown wallet", c -> c.get("/api/v1/wallets/" + unknown + "/holds"), 404, "WALLET_NOT_FOUND", null));

        // Limits and status.
        String limits = "/api/v1/wallets/" + wallet + "/limits";
        for (String field : List.of("overdraftLimit", "maxBalance", "maxDebitPerDay", "maxDebitPerMonth")) {
            for (String value : List.of("-1", "1.5", "\"100\"", "9223372036854775808", "[]")) {
                cases.add(new Case("limit " + field + " " + value, c -> c.putJson(limits, "{\"" + field + "\":" + value + "}"), 400, "INVALID_REQUEST", field));
            }
        }
        cases.add(new Case("unknown limit", c -> c.putJson(limits, "{\"maxCredit\":5}"), 400, "INVALID_REQUEST", "maxCredit"));
        cases.add(new Case("limits not an object", c -> c.putJson(limits, "5"), 400, "INVALID_JSON", null));
        cases.add(new Case("limits of an unknown wallet", c -> c.putJson("/api/v1/wallets/" + unknown + "/limits", "{}"), 404, "WALLET_NOT_FOUND", null));
        cases.add(new Case("limits with POST", c -> c.postJson(limits, "{}"), 405, "METHOD_NOT_ALLOWED", null));
        String status = "/api/v1/wallets/" + wallet + "/status";
        for (String value : List.of("\"CLOSED\"", "\"frozen\"", "1", "null")) {
            cases.add(new Case("status " + value, c -> c.putJson(status, "{\"status\":" + value + "}"), 400, "INVALID_REQUEST", "status"));
        }
        cases.add(new Case("status missing", c -> c.putJson(status, "{}"), 400, "INVALID_REQUEST", "status"));
        cases.add(new Case("status of an unknown wallet", c -> c.putJson("/api/v1/wallets/" + unknown + "/status", "{\"status\":\"FROZEN\"}"),
                404, "WALLET_NOT_FOUND", null));

        // Creating a wallet with rules.
        cases.add(new Case("create with negative overdraft", c -> c.postJson("/api/v1/wallets", "{\"limits\":{\"overdraftLimit\":-5}}"),
                400, "INVALID_REQUEST", "limits.overdraftLimit"));
        cases.add(new Case("create with limits not an object", c -> c.postJson("/api/v1/wallets", "{\"limits\":7}"), 400, "INVALID_REQUEST", "limits"));
        cases.add(new Case("create with an unknown status", c -> c.postJson("/api/v1/wallets", "{\"status\":\"CLOSED\"}"), 400, "INVALID_REQUEST", "status"));
        return cases.stream();
    }

    private static Case place(String name, String body, int status, String code, String field) {
        return new Case("place: " + name, c -> c.postJson("/api/v1/holds", body), status, code, field);
    }
}
