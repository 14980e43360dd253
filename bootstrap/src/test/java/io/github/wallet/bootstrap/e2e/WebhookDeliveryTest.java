package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.github.wallet.adapter.in.http.HttpTestClient;
import io.github.wallet.adapter.out.postgres.TestPostgres;
import io.github.wallet.adapter.out.redis.TestRedis;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Webhooks end to end (CONTRACT.md §9): a real receiver on a socket, real server processes on one
 * Redis and one PostgreSQL. Signed deliveries verify; a receiver that answers 500 for a while sees
 * retries with growing gaps and then gets every event, and so does one that is down for a while;
 * killing the delivering instance moves
 * delivery to the other with nothing lost; a private URL is refused by default, and so is a port
 * out of range; a stored URL the client cannot send to fails its own attempts without holding up
 * other webhooks; a slow receiver gets one request at a time even when a page outlasts the lease.
 */
class WebhookDeliveryTest {

    /** A webhook receiver: records what it gets, answers what it is told to. */
    static final class Receiver implements AutoCloseable {
        record Received(Instant at, String eventId, String signature, String body) {
        }

        HttpServer server;
        final List<Received> received = new CopyOnWriteArrayList<>();
        final AtomicInteger status = new AtomicInteger(200);
        /** How long it takes to answer (a slow receiver), and how many requests it has had at once at most. */
        final AtomicLong answerMillis = new AtomicLong();
        private final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        Receiver() throws IOException {
            start(0);
        }

        /** Down: nothing listens on its port (connections are refused) until {@link #up}. */
        void down() {
            server.stop(0);
        }

        void up(int port) throws IOException {
            start(port);
        }

        private void start(int port) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/hook", exchange -> {
                mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    received.add(new Received(Instant.now(), exchange.getRequestHeaders().getFirst("Wallet-Event-Id"),
                            exchange.getRequestHeaders().getFirst("Wallet-Signature"), new String(body, StandardCharsets.UTF_8)));
                    if (answerMillis.get() > 0) {
                        Thread.sleep(answerMillis.get());  // a slow receiver, not a wait for anything
                    }
                    exchange.sendResponseHeaders(status.get(), -1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    inFlight.decrementAndGet();
                    exchange.close();
                }
            });
            // Requests are answered concurrently, so two senders at once would show.
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        /** The event ids answered 2xx, in the order they arrived, without repeats. */
        Set<String> delivered() {
            Set<String> ids = new LinkedHashSet<>();
            received.stream().filter(r -> r.eventId() != null).forEach(r -> ids.add(r.eventId()));
            return ids;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static Map<String, String> env(TestPostgres database, TestRedis redis, String instance) {
        Map<String, String> env = new HashMap<>(ServerEnv.on(database, redis, instance));
        env.remove("WALLET_HTTP_PORT");
        env.put("WALLET_WEBHOOK_ALLOW_PRIVATE", "true");
        env.put("WALLET_WEBHOOK_RETRY_BASE_MS", "200");
        return env;
    }

    private static String register(HttpTestClient client, String url, String walletFilter) {
        HttpTestClient.Answer created = client.postJson("/api/v1/webhooks", "{\"url\":\"" + url + "\""
                + (walletFilter == null ? "" : ",\"walletIds\":[\"" + walletFilter + "\"]") + "}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().get("secret").asText()).startsWith("whsec_");
        return created.text();
    }

    static String hmac(String secret, String text) throws NoSuchAlgorithmException, InvalidKeyException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void signedDeliveriesRetriesWithGrowingGapsAndATakeoverWhenTheDelivererIsKilled() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (TestPostgres database = TestPostgres.createDatabase(WebhookDeliveryTest.class);
             TestRedis redis = TestRedis.forClass(WebhookDeliveryTest.class);
             Receiver receiver = new Receiver();
             ServerProcess first = ServerProcess.start(env(database, redis, "first"));
             ServerProcess second = ServerProcess.start(env(database, redis, "second"))) {
            String wallet = first.client.createWallet();
            JsonNode webhook = json.readTree(register(first.client, receiver.url(), wallet));
            String secret = webhook.get("secret").asText();
            String webhookId = webhook.get("webhookId").asText();
            assertThat(second.client.get("/api/v1/webhooks/" + webhookId).json().has("secret")).as("the secret is shown once").isFalse();

            // 1. Signed, in order.
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add((i % 2 == 0 ? first : second).client.deposit(wallet, 10 + i).json().get("operationId").asText());
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.delivered().containsAll(ids));
            assertThat(List.copyOf(receiver.delivered()).subList(0, 5)).as("one wallet's events in commit order").containsExactlyElementsOf(ids);
            for (Receiver.Received r : receiver.received) {
                String[] parts = r.signature().split(",");
                String t = parts[0].substring(2);
                assertThat(parts[1]).isEqualTo("v1=" + hmac(secret, t + "." + r.body()));
                assertThat(Math.abs(Long.parseLong(t) - Instant.now().getEpochSecond())).isLessThan(60);
                assertThat(json.readTree(r.body()).get("eventId").asText()).isEqualTo(r.eventId());
            }

            // 2. The receiver fails for a while: retries with growing gaps, then everything arrives.
            receiver.status.set(500);
            int before = receiver.received.size();
            String during = first.client.deposit(wallet, 99).json().get("operationId").asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received.stream().skip(before).filter(r -> during.equals(r.eventId())).count() >= 4);
            List<Instant> attempts = receiver.received.stream().skip(before).filter(r -> during.equals(r.eventId())).map(Receiver.Received::at).toList();
            Duration firstGap = Duration.between(attempts.get(0), attempts.get(1));
            Duration thirdGap = Duration.between(attempts.get(2), attempts.get(3));
            assertThat(thirdGap).as("gaps grow: %s then %s", firstGap, thirdGap).isGreaterThan(firstGap);
            receiver.status.set(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received.stream()
                    .anyMatch(r -> during.equals(r.eventId()) && receiver.status.get() == 200 && r.at().isAfter(attempts.getLast())));
            JsonNode log = second.client.get("/api/v1/webhooks/" + webhookId + "/deliveries?limit=1000").json();
            assertThat(log.get("items")).anyMatch(d -> d.get("status").asText().equals("FAILED") && d.get("responseStatus").asInt() == 500
                    && d.has("nextAttemptAt"));
            assertThat(log.get("items")).anyMatch(d -> d.get("status").asText().equals("SUCCEEDED") && d.get("eventId").asText().equals(during));

            // 2b. The receiver is down (connections refused) for a while: once back, it gets every event.
            int port = receiver.server.getAddress().getPort();
            receiver.down();
            List<String> whileDown = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                whileDown.add(second.client.deposit(wallet, 7).json().get("operationId").asText());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> first.client.get("/api/v1/webhooks/" + webhookId + "/deliveries?limit=1000").json()
                    .get("items").findValues("eventId").stream().anyMatch(id -> id.asText().equals(whileDown.getFirst())));
            JsonNode refused = first.client.get("/api/v1/webhooks/" + webhookId + "/deliveries?limit=1000").json();
            assertThat(refused.get("items")).anyMatch(d -> d.get("eventId").asText().equals(whileDown.getFirst())
                    && d.get("status").asText().equals("FAILED") && !d.has("responseStatus") && d.has("error"));
            receiver.up(port);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered().containsAll(whileDown));

            // 3. Kill whichever instance delivers: the other takes over within a lease, nothing is lost.
            Jdbi jdbi = Jdbi.create(database.jdbcUrl(), database.settings().user(), database.settings().password());
            String owner = jdbi.withHandle(h -> h.createQuery("select lease_owner from webhook where webhook_id = ?::uuid")
                    .bind(0, webhookId).mapTo(String.class).one());
            ServerProcess delivering = owner.equals("first") ? first : second;
            ServerProcess surviving = delivering == first ? second : first;
            delivering.kill();
            List<String> afterKill = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                afterKill.add(surviving.client.deposit(wallet, 1).json().get("operationId").asText());
            }
            await().atMost(Duration.ofSeconds(40)).until(() -> receiver.delivered().containsAll(afterKill));
            List<String> history = History.of(surviving.client, wallet).stream().map(i -> i.get("operationId").asText()).toList();
            assertThat(receiver.delivered()).as("every event of the wallet, at least once").containsAll(history);
        }
    }

    @Test
    void aPrivateOrPlainHttpUrlIsRefusedByDefault() {
        try (RunningServer running = new RunningServer(WebhookDeliveryTest.class)) {
            for (String url : List.of("http://127.0.0.1:9/hook", "https://127.0.0.1/hook", "https://10.1.2.3/hook", "https://169.254.169.254/latest",
                    "https://localhost/hook", "ftp://example.com/x", "not a url",
                    "https://example.com:65536/hook", "https://example.com:0/hook")) {
                HttpTestClient.Answer answer = running.client.postJson("/api/v1/webhooks", "{\"url\":\"" + url + "\"}");
                assertThat(answer.status()).as(url + ": " + answer.text()).isEqualTo(400);
                assertThat(answer.json().get("errors").get(0).get("field").asText()).isEqualTo("url");
            }
            assertThat(running.client.postJson("/api/v1/webhooks", "{\"url\":\"https://example.com/h\",\"eventTypes\":[\"nope\"]}").status()).isEqualTo(400);
            assertThat(running.client.get("/api/v1/webhooks/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
        }
    }

    @Test
    void aStoredUrlThatCannotBeSentToFailsItsAttemptsAndTheOtherWebhooksStillGetTheirEvents() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (TestPostgres database = TestPostgres.createDatabase(WebhookDeliveryTest.class);
             TestRedis redis = TestRedis.forClass(WebhookDeliveryTest.class);
             Receiver receiver = new Receiver();
             ServerProcess server = ServerProcess.start(env(database, redis, "only"))) {
            String wallet = server.client.createWallet();
            String broken = json.readTree(register(server.client, receiver.url(), wallet)).get("webhookId").asText();
            // A URL stored by a version that did not check the port: refused before each attempt now, each refusal a
            // failed attempt of its own (the HTTP client would throw on it; WebhookDelivererTest covers a sender that throws).
            Jdbi.create(database.jdbcUrl(), database.settings().user(), database.settings().password()).useHandle(h -> h
                    .createUpdate("update webhook set url = 'http://127.0.0.1:99999/hook' where webhook_id = ?::uuid").bind(0, broken).execute());
            register(server.client, receiver.url(), wallet);
            String deposit = server.client.deposit(wallet, 10).json().get("operationId").asText();

            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.delivered().contains(deposit));
            await().atMost(Duration.ofSeconds(15)).until(() -> server.client.get("/api/v1/webhooks/" + broken + "/deliveries").json()
                    .get("items").size() > 0);
            JsonNode attempt = server.client.get("/api/v1/webhooks/" + broken + "/deliveries").json().get("items").get(0);
            assertThat(attempt.get("status").asText()).isEqualTo("FAILED");
            assertThat(attempt.get("error").asText()).contains("99999");
            assertThat(attempt.has("nextAttemptAt")).as("retried like any failed attempt").isTrue();
            HttpTestClient.Answer twice = server.client.get("/api/v1/webhooks/" + broken + "/deliveries?cursor=a&cursor=b");
            assertThat(twice.status()).isEqualTo(400);
            assertThat(twice.json().get("errors")).as(twice.text()).hasSize(1);
            // A cursor made by hand: an attempt past an int once wrapped round to a silently wrong page.
            for (String made : List.of("d1:5:4294967297", "d1:-1:1", "d1:5:0")) {
                String cursor = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(made.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                HttpTestClient.Answer tampered = server.client.get("/api/v1/webhooks/" + broken + "/deliveries?cursor=" + cursor);
                assertThat(tampered.status()).as(made + ": " + tampered.text()).isEqualTo(400);
            }
        }
    }

    @Test
    void aSlowReceiverGetsOneRequestAtATimeWhenAPageOfEventsOutlastsTheLease() throws Exception {
        try (TestPostgres database = TestPostgres.createDatabase(WebhookDeliveryTest.class);
             TestRedis redis = TestRedis.forClass(WebhookDeliveryTest.class);
             Receiver receiver = new Receiver();
             ServerProcess first = ServerProcess.start(env(database, redis, "first"));
             ServerProcess second = ServerProcess.start(env(database, redis, "second"))) {
            receiver.answerMillis.set(1_000);
            String wallet = first.client.createWallet();
            register(first.client, receiver.url(), wallet);
            // While the first event's answer takes a second, the other 13 commit: the next page takes 13 s, more than
            // the 10 s lease, and the other instance looks for work every 200 ms.
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 14; i++) {
                ids.add((i % 2 == 0 ? first : second).client.deposit(wallet, 1 + i).json().get("operationId").asText());
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.delivered().containsAll(ids));
            assertThat(receiver.mostAtOnce.get()).as("requests at once").isEqualTo(1);
            assertThat(receiver.received.stream().map(Receiver.Received::eventId).toList()).as("each event sent once, in order")
                    .containsExactlyElementsOf(ids);
        }
    }
}
