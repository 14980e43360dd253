package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wallet.adapter.in.http.HttpTestClient;
import io.github.wallet.adapter.out.postgres.TestPostgres;
import io.github.wallet.adapter.out.redis.TestRedis;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The only instance is SIGKILLed under keyed async load and started again; clients then retry,
 * with the same key and body, every write whose answer they lost (and the others too). Every
 * accepted write reaches a final state within seconds of the restart, every retry is answered
 * with the same operation, and nothing is applied twice.
 */
class CrashRetryTest {

    private static final int LEASE_MS = 1000;
    private static final int WRITES = 3_000;

    private record Write(String key, String wallet, long amount) {
        String body() {
            return "{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":" + amount + "}";
        }
    }

    @Test
    void retriesAfterACrashTakeEffectOnceAndAtOnce() throws Exception {
        try (TestPostgres database = TestPostgres.createDatabase(CrashRetryTest.class);
             TestRedis redis = TestRedis.forClass(CrashRetryTest.class)) {
            Map<String, String> env = new HashMap<>(Map.of(
                    "WALLET_DB_URL", database.jdbcUrl(), "WALLET_DB_USER", database.settings().user(),
                    "WALLET_DB_PASSWORD", database.settings().password(), "WALLET_REDIS_URL", redis.url(),
                    "WALLET_REDIS_PREFIX", redis.prefix(), "WALLET_LEASE_MS", Integer.toString(LEASE_MS)));
            List<Write> writes = new ArrayList<>();
            Map<String, String> accepted = new ConcurrentHashMap<>();
            List<String> wallets = new ArrayList<>();

            try (ServerProcess first = ServerProcess.start(env)) {
                for (int i = 0; i < 10; i++) {
                    wallets.add(first.client.createWallet());
                }
                for (int i = 0; i < WRITES; i++) {
                    writes.add(new Write("crash-" + i + "-" + java.util.UUID.randomUUID(), wallets.get(i % wallets.size()), 1 + i % 5));
                }
                AtomicInteger next = new AtomicInteger();
                AtomicBoolean alive = new AtomicBoolean(true);
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<?>> clients = new ArrayList<>();
                    for (int c = 0; c < 16; c++) {
                        clients.add(pool.submit(() -> {
                            for (int i = next.getAndIncrement(); i < WRITES && alive.get(); i = next.getAndIncrement()) {
                                Write write = writes.get(i);
                                try {
                                    HttpTestClient.Answer answer = first.client.postJson("/api/v1/wallet", write.body(),
                                            "Idempotency-Key", write.key(), "Prefer", "respond-async");
                                    if (answer.status() == 202) {
                                        accepted.put(write.key(), answer.json().get("operationId").asText());
                                    }
                                } catch (RuntimeException connectionLost) {
                                    // The answer is lost with the process: the client will retry.
                                }
                            }
                        }));
                    }
                    await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= WRITES / 2);
                    alive.set(false);
                    first.kill();
                    for (Future<?> client : clients) {
                        client.get();
                    }
                }
            }

            env.put("WALLET_INSTANCE_ID", "restarted");
            try (ServerProcess second = ServerProcess.start(env)) {
                long restartedAt = System.nanoTime();
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    for (String id : accepted.values()) {
                        assertThat(second.client.get("/api/v1/operations/" + id).json().get("status").asText()).as(id).isEqualTo("COMPLETED");
                    }
                });
                Duration drained = Duration.ofNanos(System.nanoTime() - restartedAt);

                long retriesStartedAt = System.nanoTime();
                Map<String, String> answered = new ConcurrentHashMap<>();
                Set<Integer> statuses = ConcurrentHashMap.newKeySet();
                // 32 clients retrying at once, as a fleet of services would.
                try (ExecutorService pool = Executors.newFixedThreadPool(32, Thread.ofVirtual().factory())) {
                    List<Future<?>> retries = new ArrayList<>();
                    for (Write write : writes) {
                        retries.add(pool.submit(() -> {
                            HttpTestClient.Answer answer = second.client.postJson("/api/v1/wallet", write.body(), "Idempotency-Key", write.key());
                            statuses.add(answer.status());
                            if (answer.status() == 200) {
                                answered.put(write.key(), answer.json().get("operationId").asText());
                            } else {
                                LoggerFactory.getLogger(CrashRetryTest.class).warn("retry of {} answered {}", write.key(), answer.text());
                            }
                        }));
                    }
                    for (Future<?> retry : retries) {
                        retry.get();
                    }
                }
                Duration retried = Duration.ofNanos(System.nanoTime() - retriesStartedAt);
                LoggerFactory.getLogger(CrashRetryTest.class).info(
                        "{} of {} writes accepted before the kill; after the restart they were all final in {} ms; {} sync retries took {} ms",
                        accepted.size(), WRITES, drained.toMillis(), writes.size(), retried.toMillis());

                assertThat(statuses).as("every retry is answered with its final outcome").containsOnly(200);
                accepted.forEach((key, id) -> assertThat(answered.get(key)).as("retry of %s", key).isEqualTo(id));
                assertThat(drained).as("accepted writes final after the restart").isLessThan(Duration.ofSeconds(10));

                Set<String> applied = new HashSet<>();
                long total = 0;
                for (String wallet : wallets) {
                    List<JsonNode> history = History.of(second.client, wallet);
                    for (JsonNode item : history) {
                        assertThat(applied.add(item.get("operationId").asText())).as("applied twice").isTrue();
                    }
                    assertThat(second.client.balance(wallet)).isEqualTo(History.sum(history, wallet));
                    total += second.client.balance(wallet);
                }
                assertThat(applied).hasSize(WRITES);
                assertThat(total).isEqualTo(writes.stream().mapToLong(Write::amount).sum());
            }
        }
    }
}
