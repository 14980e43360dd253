package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wallet.adapter.in.http.HttpTestClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 64 clients hammer one wallet with deposits and withdrawals through the real server on real
 * PostgreSQL: no 5xx, the balance is exact, and history holds every accepted operation once.
 */
class HotWalletConcurrencyTest {

    private static final int CLIENTS = 64;
    private static final int REQUESTS_PER_CLIENT = 40;

    private static RunningServer running;

    @BeforeAll
    static void start() {
        running = new RunningServer(HotWalletConcurrencyTest.class);
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void sixtyFourClientsOnOneWalletKeepTheBalanceExact() throws Exception {
        HttpTestClient client = running.client;
        String wallet = client.createWallet();
        assertThat(client.deposit(wallet, 500).status()).isEqualTo(200);

        Map<String, Long> accepted = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int clientNo = c;
            done.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int r = 0; r < REQUESTS_PER_CLIENT; r++) {
                    boolean deposit = (clientNo + r) % 3 != 0;
                    long amount = 1 + (clientNo * 7 + r * 13) % 50;
                    HttpTestClient.Answer answer = deposit ? client.deposit(wallet, amount) : client.withdraw(wallet, amount);
                    statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
                    if (answer.status() == 200) {
                        accepted.put(answer.json().get("operationId").asText(), deposit ? amount : -amount);
                    }
                }
            }, clients));
        }
        go.countDown();
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        clients.shutdown();

        assertThat(statuses.keySet()).as("statuses %s", statuses).allMatch(status -> status == 200 || status == 409);
        assertThat(statuses.get(200).get()).isGreaterThan(CLIENTS * REQUESTS_PER_CLIENT / 2);
        long expected = 500 + accepted.values().stream().mapToLong(Long::longValue).sum();
        assertThat(client.balance(wallet)).isEqualTo(expected);

        Map<String, Integer> seen = new HashMap<>();
        long historySum = 0;
        String cursor = null;
        do {
            JsonNode page = client.get("/api/v1/wallets/" + wallet + "/operations?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            for (JsonNode item : page.get("items")) {
                seen.merge(item.get("operationId").asText(), 1, Integer::sum);
                if (item.get("status").asText().equals("COMPLETED")) {
                    long amount = item.get("amount").asLong();
                    historySum += item.get("type").asText().equals("DEPOSIT") ? amount : -amount;
                }
            }
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        assertThat(seen.values()).allMatch(count -> count == 1);
        assertThat(seen.keySet()).containsAll(accepted.keySet());
        assertThat(historySum).isEqualTo(expected);
    }
}
