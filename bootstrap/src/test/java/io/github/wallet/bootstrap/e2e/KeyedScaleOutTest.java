package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.wallet.adapter.in.http.HttpTestClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients as they really are: an Idempotency-Key on every write, retries and duplicates sent to
 * whichever instance, two instances on one Redis and one PostgreSQL.
 */
class KeyedScaleOutTest {

    private static Instances instances;
    private static List<HttpTestClient> clients;

    @BeforeAll
    static void start() {
        instances = new Instances(KeyedScaleOutTest.class, 2);
        clients = instances.clients;
    }

    @AfterAll
    static void stop() {
        // Every request above ran through both instances' adapters: none made a blocking call on an event loop.
        assertThat(io.github.wallet.application.port.BlockingCallGuard.refused()).isZero();
        instances.close();
    }

    private static String deposit(String wallet, long amount) {
        return "{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":" + amount + "}";
    }

    @Test
    void keyedDuplicatesOnTwoInstancesTakeEffectOnceAndEveryOneGetsTheOutcome() {
        String wallet = clients.get(0).createWallet();
        List<String> keys = new ArrayList<>();
        List<List<CompletableFuture<HttpTestClient.Answer>>> answers = new ArrayList<>();
        for (int k = 0; k < 25; k++) {
            String key = "dup-" + UUID.randomUUID();
            keys.add(key);
            List<CompletableFuture<HttpTestClient.Answer>> copies = new ArrayList<>();
            for (int copy = 0; copy < 4; copy++) {
                // Two copies per instance, half of them asynchronous, all at once.
                String[] headers = copy % 2 == 0
                        ? new String[]{"Idempotency-Key", key}
                        : new String[]{"Idempotency-Key", key, "Prefer", "respond-async"};
                copies.add(clients.get(copy / 2).postJsonAsync("/api/v1/wallet", deposit(wallet, 10 + k), headers));
            }
            answers.add(copies);
        }
        long expected = 0;
        for (int k = 0; k < keys.size(); k++) {
            List<HttpTestClient.Answer> copies = answers.get(k).stream().map(CompletableFuture::join).toList();
            assertThat(copies).extracting(HttpTestClient.Answer::status).allMatch(status -> status == 200 || status == 202);
            assertThat(copies).extracting(a -> a.json().get("operationId").asText()).as("key %s", keys.get(k)).containsOnly(
                    copies.getFirst().json().get("operationId").asText());
            expected += 10 + k;
        }
        long total = expected;
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(clients.get(1).balance(wallet)).isEqualTo(total));
        assertThat(History.of(clients.get(0), wallet)).hasSize(keys.size());
    }

    @Test
    void aPendingOperationAnswersItsLocationOnEveryInstance() throws Exception {
        String wallet = clients.get(0).createWallet();
        try (Connection connection = DriverManager.getConnection(instances.database.jdbcUrl(), instances.database.settings().user(), instances.database.settings().password())) {
            // Hold the wallet's row lock from outside: the operation stays queued as long as we like.
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement("select balance from wallet where wallet_id = ?::uuid for update")) {
                lock.setString(1, wallet);
                lock.executeQuery().close();
            }
            HttpTestClient.Answer accepted = clients.get(0).postJson("/api/v1/wallet", deposit(wallet, 5),
                    "Idempotency-Key", "pending-" + UUID.randomUUID(), "Prefer", "respond-async");
            assertThat(accepted.status()).isEqualTo(202);
            String location = accepted.header("Location");
            for (HttpTestClient client : clients) {
                HttpTestClient.Answer polled = client.get(location);
                assertThat(polled.status()).as("GET %s on another instance while queued", location).isEqualTo(200);
                assertThat(polled.json().get("status").asText()).isEqualTo("PENDING");
                assertThat(polled.json().get("walletId").asText()).isEqualTo(wallet);
            }
            connection.rollback();
        }
        HttpTestClient.Answer pending = clients.get(0).postJson("/api/v1/wallet", deposit(wallet, 1), "Prefer", "respond-async");
        for (HttpTestClient client : clients) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(client.get(pending.header("Location")).json().get("status").asText()).isEqualTo("COMPLETED"));
        }
    }

    @Test
    void oneKeyTwoBodiesAtOnceOnOneInstanceAndOnTwo() {
        // Several rounds: the interleavings differ from one to the next.
        for (int round = 0; round < 12; round++) {
            int instances = 1 + round % 2;
            String wallet = clients.get(0).createWallet();
            String key = "two-bodies-" + UUID.randomUUID();
            List<CompletableFuture<HttpTestClient.Answer>> threes = new ArrayList<>();
            List<CompletableFuture<HttpTestClient.Answer>> fours = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                threes.add(clients.get(i % instances).postJsonAsync("/api/v1/wallet", deposit(wallet, 3), "Idempotency-Key", key));
                fours.add(clients.get((i + 1) % instances).postJsonAsync("/api/v1/wallet", deposit(wallet, 4), "Idempotency-Key", key));
            }
            List<HttpTestClient.Answer> three = threes.stream().map(CompletableFuture::join).toList();
            List<HttpTestClient.Answer> four = fours.stream().map(CompletableFuture::join).toList();
            long balance = clients.get(0).balance(wallet);
            assertThat(balance).as("exactly one body takes effect").isIn(3L, 4L);
            List<HttpTestClient.Answer> winners = balance == 3 ? three : four;
            List<HttpTestClient.Answer> losers = balance == 3 ? four : three;
            assertThat(winners).extracting(HttpTestClient.Answer::status).containsOnly(200);
            assertThat(winners).extracting(a -> a.json().get("operationId").asText()).containsOnly(winners.getFirst().json().get("operationId").asText());
            assertThat(losers).extracting(HttpTestClient.Answer::status).as("the other body, on %d instance(s)", instances).containsOnly(422);
            assertThat(losers).extracting(HttpTestClient.Answer::code).containsOnly("IDEMPOTENCY_KEY_REUSED");
        }
    }

    @Test
    void keyedAsyncLoadOnTwoInstancesIsAcceptedWithoutA503() {
        String wallet = clients.get(0).createWallet();
        List<CompletableFuture<HttpTestClient.Answer>> load = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            load.add(clients.get(0).postJsonAsync("/api/v1/wallet", deposit(wallet, 1),
                    "Idempotency-Key", "load-" + i + "-" + UUID.randomUUID(), "Prefer", "respond-async"));
        }
        List<HttpTestClient.Answer> answers = load.stream().map(CompletableFuture::join).toList();
        assertThat(answers).extracting(HttpTestClient.Answer::status).containsOnly(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(clients.get(1).balance(wallet)).isEqualTo(2_000));
    }
}
