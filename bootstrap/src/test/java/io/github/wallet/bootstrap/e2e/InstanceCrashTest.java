package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wallet.adapter.in.http.HttpTestClient;
import io.github.wallet.adapter.out.postgres.TestPostgres;
import io.github.wallet.adapter.out.redis.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * One of two instances is killed with SIGKILL in the middle of async load: every operation that
 * got a 202 still ends COMPLETED or REJECTED, none twice, balances add up, and the survivor took
 * the dead one's shards within the lease time.
 */
class InstanceCrashTest {

    private static final int LEASE_MS = 1000;

    @Test
    void aKilledInstancesAcceptedOperationsAreAllAppliedOnceByTheSurvivor() throws Exception {
        try (TestPostgres database = TestPostgres.createDatabase(InstanceCrashTest.class);
             TestRedis redis = TestRedis.forClass(InstanceCrashTest.class)) {
            Map<String, String> env = Map.of(
                    "WALLET_DB_URL", database.jdbcUrl(), "WALLET_DB_USER", database.settings().user(),
                    "WALLET_DB_PASSWORD", database.settings().password(), "WALLET_REDIS_URL", redis.url(),
                    "WALLET_REDIS_PREFIX", redis.prefix(), "WALLET_LEASE_MS", Integer.toString(LEASE_MS),
                    "WALLET_LOG_LEVEL", "INFO");
            RedisClient leaseReader = RedisClient.create(redis.url());
            try (ServerProcess doomed = ServerProcess.start(withId(env, "doomed"));
                 ServerProcess survivor = ServerProcess.start(withId(env, "survivor"));
                 StatefulRedisConnection<String, String> leases = leaseReader.connect()) {
                List<String> wallets = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    wallets.add(survivor.client.createWallet());
                }
                Set<String> accepted = ConcurrentHashMap.newKeySet();
                Set<Integer> unexpected = ConcurrentHashMap.newKeySet();
                AtomicBoolean doomedAlive = new AtomicBoolean(true);
                AtomicBoolean loading = new AtomicBoolean(true);
                Duration takeover;
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<?>> load = new ArrayList<>();
                    for (int c = 0; c < 8; c++) {
                        int clientNo = c;
                        load.add(pool.submit(() -> {
                            for (int r = 0; loading.get(); r++) {
                                boolean toDoomed = doomedAlive.get() && r % 2 == 0;
                                HttpTestClient client = toDoomed ? doomed.client : survivor.client;
                                String wallet = wallets.get((clientNo + r) % wallets.size());
                                String type = r % 4 == 3 ? "WITHDRAW" : "DEPOSIT";
                                try {
                                    HttpTestClient.Answer answer = client.postJson("/api/v1/wallet",
                                            "{\"walletId\":\"" + wallet + "\",\"operationType\":\"" + type + "\",\"amount\":" + (1 + r % 7) + "}",
                                            "Prefer", "respond-async");
                                    if (answer.status() == 202) {
                                        accepted.add(answer.json().get("operationId").asText());
                                    } else if (answer.status() != 503) {
                                        unexpected.add(answer.status());
                                    }
                                } catch (RuntimeException e) {
                                    // The doomed instance died under this request: it was never acknowledged.
                                }
                            }
                        }));
                    }
                    try {
                        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10)).until(() -> accepted.size() > 200);
                        doomedAlive.set(false);
                        doomed.kill();
                        long killedAt = System.nanoTime();
                        await().atMost(Duration.ofMillis(3L * LEASE_MS + 5000)).pollInterval(Duration.ofMillis(20))
                                .until(() -> allLeasesHeldBy(leases, redis.prefix(), "survivor"));
                        takeover = Duration.ofNanos(System.nanoTime() - killedAt);
                        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
                    } finally {
                        loading.set(false);
                    }
                    for (Future<?> f : load) {
                        f.get();
                    }
                }
                // The dead leases expire within one lease time; the survivor looks every third of
                // it and takes them as soon as the dead instance's heartbeat has expired too.
                org.slf4j.LoggerFactory.getLogger(InstanceCrashTest.class).info("takeover of the killed instance's shards took {} ms", takeover.toMillis());
                assertThat(takeover).as("takeover took %s", takeover).isLessThan(Duration.ofMillis(2L * LEASE_MS));
                assertThat(unexpected).isEmpty();

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    for (String id : accepted) {
                        String status = survivor.client.get("/api/v1/operations/" + id).json().get("status").asText();
                        assertThat(status).as(id).isIn("COMPLETED", "REJECTED");
                    }
                });
                Set<String> seen = new HashSet<>();
                for (String wallet : wallets) {
                    List<JsonNode> history = History.of(survivor.client, wallet);
                    for (JsonNode item : history) {
                        assertThat(seen.add(item.get("operationId").asText())).as("applied twice").isTrue();
                    }
                    assertThat(survivor.client.balance(wallet)).isEqualTo(History.sum(history, wallet));
                }
                assertThat(seen).containsAll(accepted);
            } finally {
                leaseReader.shutdown();
            }
        }
    }

    private static Map<String, String> withId(Map<String, String> env, String id) {
        Map<String, String> copy = new java.util.HashMap<>(env);
        copy.put("WALLET_INSTANCE_ID", id);
        return copy;
    }

    private static boolean allLeasesHeldBy(StatefulRedisConnection<String, String> leases, String prefix, String instance) {
        for (int shard = 0; shard < 4; shard++) {
            if (!instance.equals(leases.sync().get(prefix + ":lease:{" + shard + "}"))) {
                return false;
            }
        }
        return true;
    }
}
