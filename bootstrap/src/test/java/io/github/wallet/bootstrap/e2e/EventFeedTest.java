package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wallet.adapter.in.http.HttpTestClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The event feed over HTTP (CONTRACT.md §9) on two instances over one Redis and one PostgreSQL:
 * writes spread over both, four shards committing at once, a reader following {@code nextCursor}
 * with long-polling on the other instance sees every decided operation exactly once, each wallet's
 * in commit order.
 */
class EventFeedTest {

    private static Instances instances;

    @BeforeAll
    static void start() {
        instances = new Instances(EventFeedTest.class, 2);
    }

    @AfterAll
    static void stop() {
        instances.close();
    }

    private static HttpTestClient client(int n) {
        return instances.client(n);
    }

    private static String cursorNow() {
        JsonNode page = client(0).get("/api/v1/events?after=now").json();
        assertThat(page.get("items")).isEmpty();
        return page.get("nextCursor").asText();
    }

    @Test
    void aReaderFollowingTheCursorSeesEveryDecidedOperationOnceInCommitOrderPerWallet() throws Exception {
        List<String> wallets = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            wallets.add(client(i).createWallet());
        }
        String cursor = cursorNow();
        Set<String> decided = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < wallets.size(); w++) {
            int n = w;
            writers.add(CompletableFuture.runAsync(() -> {
                String wallet = wallets.get(n);
                for (int i = 0; i < 25; i++) {
                    HttpTestClient client = client(n + i);
                    HttpTestClient.Answer answer = switch (i % 3) {
                        case 0 -> client.deposit(wallet, 10);
                        case 1 -> client.withdraw(wallet, 4);
                        default -> client.transfer(wallet, wallets.get((n + 1) % wallets.size()), 3);
                    };
                    assertThat(answer.status()).as(answer.text()).isIn(200, 409);
                    decided.add(answer.json().get("operationId").asText());
                }
            }));
        }
        Map<String, JsonNode> seen = new HashMap<>();
        List<JsonNode> order = new ArrayList<>();
        CompletableFuture<Void> all = CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new));
        while (!all.isDone() || seen.size() < decided.size()) {
            JsonNode page = client(1).get("/api/v1/events?limit=37&wait=2&after=" + cursor).json();
            for (JsonNode event : page.get("items")) {
                assertThat(seen.put(event.get("eventId").asText(), event)).as("delivered once: %s", event).isNull();
                order.add(event);
            }
            cursor = page.get("nextCursor").asText();
            if (all.isDone() && page.get("items").isEmpty()) {
                all.get(30, TimeUnit.SECONDS);
                break;
            }
        }
        assertThat(seen.keySet()).isEqualTo(decided);
        for (String wallet : wallets) {
            // Per wallet, the events' balances follow its history in commit order.
            List<String> feedOrder = order.stream().filter(e -> names(e, wallet)).map(e -> e.get("eventId").asText()).toList();
            List<String> historyOrder = new ArrayList<>(History.of(client(0), wallet).stream().map(i -> i.get("operationId").asText()).toList());
            java.util.Collections.reverse(historyOrder);
            assertThat(feedOrder).as("wallet %s", wallet).isEqualTo(historyOrder);
        }
        JsonNode any = order.getFirst();
        assertThat(any.get("type").asText()).isIn("operation.completed", "operation.rejected");
        assertThat(any.get("operation").get("operationId").asText()).isEqualTo(any.get("eventId").asText());
        assertThat(any.get("wallets").get(0).has("availableBalance")).isTrue();
    }

    private static boolean names(JsonNode event, String wallet) {
        for (JsonNode w : event.get("wallets")) {
            if (w.get("walletId").asText().equals(wallet)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theWalletFilterIncludesBothSidesOfATransferAndCursorsAreTheSameWhateverTheFilter() {
        String cursor = cursorNow();
        String a = client(0).createWallet();
        String b = client(1).createWallet();
        client(0).deposit(a, 100);
        String transfer = client(1).transfer(a, b, 30).json().get("operationId").asText();
        String later = client(0).deposit(b, 1).json().get("operationId").asText();
        JsonNode ofB = client(1).get("/api/v1/events?wait=5&walletId=" + b + "&after=" + cursor).json();
        List<String> ids = new ArrayList<>();
        ofB.get("items").forEach(e -> ids.add(e.get("eventId").asText()));
        if (ids.size() < 2) {
            JsonNode more = client(1).get("/api/v1/events?wait=5&walletId=" + b + "&after=" + ofB.get("nextCursor").asText()).json();
            more.get("items").forEach(e -> ids.add(e.get("eventId").asText()));
        }
        assertThat(ids).containsExactly(transfer, later);
        JsonNode transferEvent = ofB.get("items").get(0);
        JsonNode unfiltered = client(0).get("/api/v1/events?after=" + cursor).json();
        JsonNode sameEvent = null;
        for (JsonNode e : unfiltered.get("items")) {
            if (e.get("eventId").asText().equals(transfer)) {
                sameEvent = e;
            }
        }
        assertThat(sameEvent).isNotNull();
        assertThat(sameEvent.get("cursor").asText()).as("one position in one feed").isEqualTo(transferEvent.get("cursor").asText());
        assertThat(transferEvent.get("wallets")).hasSize(2);
    }

    @Test
    void aLongPollAnswersAsSoonAsAnEventIsPlacedAndAnEmptyOneKeepsItsCursor() throws Exception {
        String cursor = cursorNow();
        JsonNode empty = client(0).get("/api/v1/events?wait=0&after=" + cursor).json();
        assertThat(empty.get("items")).isEmpty();
        assertThat(empty.get("nextCursor").asText()).isEqualTo(cursor);
        String wallet = client(0).createWallet();
        CompletableFuture<HttpTestClient.Answer> poll = CompletableFuture.supplyAsync(() -> client(1).get("/api/v1/events?wait=20&after=" + cursor));
        String deposit = client(0).deposit(wallet, 5).json().get("operationId").asText();
        HttpTestClient.Answer answer = poll.get(20, TimeUnit.SECONDS);
        Set<String> ids = new HashSet<>();
        answer.json().get("items").forEach(e -> ids.add(e.get("eventId").asText()));
        assertThat(ids).contains(deposit);
    }

    @Test
    void badParametersAre400() {
        // A version-1 cursor ("f1:5") numbered the outbox that migration V7 removed: refused, never read as a seq.
        String versionOneCursor = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("f1:5".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (String query : List.of("wait=31", "wait=-1", "wait=x", "limit=0", "limit=1001", "after=nope", "walletId=1-1", "after=" + UUID.randomUUID(),
                "after=" + versionOneCursor)) {
            HttpTestClient.Answer answer = client(0).get("/api/v1/events?" + query);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.code()).isEqualTo("INVALID_REQUEST");
        }
    }
}
