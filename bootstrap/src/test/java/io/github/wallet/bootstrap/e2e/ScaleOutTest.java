package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wallet.adapter.in.http.HttpTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three instances behind no balancer at all (clients spread their requests over them), one
 * Redis, one PostgreSQL: every guarantee holds across instances.
 */
class ScaleOutTest {

    private static Instances instances;
    private static List<HttpTestClient> clients;

    @BeforeAll
    static void start() {
        instances = new Instances(ScaleOutTest.class, 3);
        clients = instances.clients;
    }

    @AfterAll
    static void stop() {
        instances.close();
    }

    private static HttpTestClient any(int n) {
        return instances.client(n);
    }

    @Test
    void oneHotWalletLoadedThroughEveryInstanceKeepsAnExactBalance() throws Exception {
        String wallet = any(0).createWallet();
        assertThat(any(1).deposit(wallet, 1_000).status()).isEqualTo(200);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Map<String, Long> accepted = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 48; c++) {
                int clientNo = c;
                done.add(pool.submit(() -> {
                    for (int r = 0; r < 25; r++) {
                        boolean deposit = (clientNo + r) % 3 != 0;
                        long amount = 1 + (clientNo + r) % 40;
                        HttpTestClient client = any(clientNo + r);
                        HttpTestClient.Answer answer = deposit ? client.deposit(wallet, amount) : client.withdraw(wallet, amount);
                        statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
                        if (answer.status() == 200) {
                            accepted.put(answer.json().get("operationId").asText(), deposit ? amount : -amount);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(statuses.keySet()).as("statuses %s", statuses).allMatch(s -> s == 200 || s == 409);
        long expected = 1_000 + accepted.values().stream().mapToLong(Long::longValue).sum();
        for (HttpTestClient client : clients) {
            assertThat(client.balance(wallet)).isEqualTo(expected);
        }
        List<JsonNode> history = History.of(any(2), wallet);
        Set<String> ids = new HashSet<>();
        history.forEach(item -> assertThat(ids.add(item.get("operationId").asText())).isTrue());
        assertThat(ids).containsAll(accepted.keySet());
        assertThat(History.sum(history, wallet)).isEqualTo(expected);
    }

    @Test
    void transfersAmongManyWalletsThroughEveryInstanceConserveMoney() throws Exception {
        List<String> wallets = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String wallet = any(i).createWallet();
            assertThat(any(i + 1).deposit(wallet, 500).status()).isEqualTo(200);
            wallets.add(wallet);
        }
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 32; c++) {
                int clientNo = c;
                done.add(pool.submit(() -> {
                    for (int r = 0; r < 20; r++) {
                        String from = wallets.get((clientNo * 7 + r) % wallets.size());
                        String to = wallets.get((clientNo * 7 + r * 3 + 1) % wallets.size());
                        if (from.equals(to)) {
                            continue;
                        }
                        HttpTestClient.Answer answer = any(clientNo + r).transfer(from, to, 1 + (clientNo * r) % 90);
                        statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(statuses.keySet()).as("statuses %s", statuses).allMatch(s -> s == 200 || s == 409);
        long total = 0;
        for (String wallet : wallets) {
            long balance = any(0).balance(wallet);
            assertThat(balance).isNotNegative();
            assertThat(History.sum(History.of(any(1), wallet), wallet)).isEqualTo(balance);
            total += balance;
        }
        assertThat(total).isEqualTo(500L * wallets.size());
    }

    @Test
    void operationsOnOneWalletAreAppliedInTheOrderTheyWereQueuedWhicheverInstanceTookThem() {
        String wallet = any(0).createWallet();
        List<String> queued = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            HttpTestClient.Answer answer = any(i).postJson("/api/v1/wallet",
                    "{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":" + i + "}", "Prefer", "respond-async");
            assertThat(answer.status()).isEqualTo(202);
            queued.add(answer.json().get("operationId").asText());
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(any(0).balance(wallet)).isEqualTo(60 * 61 / 2));
        List<String> applied = History.of(any(1), wallet).stream().map(item -> item.get("operationId").asText()).toList().reversed();
        assertThat(applied).containsExactlyElementsOf(queued);
    }
}
