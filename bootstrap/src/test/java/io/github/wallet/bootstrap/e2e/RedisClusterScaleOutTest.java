package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.wallet.adapter.in.http.HttpTestClient;
import io.github.wallet.adapter.out.postgres.TestPostgres;
import io.github.wallet.adapter.out.redis.TestRedisCluster;
import io.github.wallet.bootstrap.WalletServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one PostgreSQL and a three-master Redis Cluster ({@code redis-cluster://}):
 * the shards spread over the masters and over the instances, outcomes cross between instances
 * through the cluster's Pub/Sub, and keyed duplicates still take effect once.
 */
class RedisClusterScaleOutTest {

    private static TestPostgres database;
    private static final List<WalletServer> servers = new ArrayList<>();
    private static final List<HttpTestClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        database = TestPostgres.createDatabase(RedisClusterScaleOutTest.class);
        TestRedisCluster cluster = TestRedisCluster.shared();
        String prefix = TestRedisCluster.newPrefix(RedisClusterScaleOutTest.class);
        for (int i = 0; i < 2; i++) {
            Map<String, String> env = ServerEnv.on(database);
            env.put("WALLET_REDIS_URL", cluster.url());
            env.put("WALLET_REDIS_PREFIX", prefix);
            env.put("WALLET_QUEUE_SHARDS", "6");
            env.put("WALLET_INSTANCE_ID", "cluster-" + i);
            env.put("WALLET_LEASE_MS", "1000");
            WalletServer server = ServerEnv.start(env);
            servers.add(server);
            clients.add(new HttpTestClient(server.port()));
        }
    }

    @AfterAll
    static void stop() {
        servers.forEach(WalletServer::close);
        database.close();
    }

    private static String deposit(String wallet, long amount) {
        return "{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":" + amount + "}";
    }

    @Test
    void syncWritesOnBothInstancesForWalletsOnEveryShardAreAnsweredWithTheirCommit() {
        List<String> wallets = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            wallets.add(clients.get(i % 2).createWallet());
        }
        List<CompletableFuture<HttpTestClient.Answer>> writes = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (int w = 0; w < wallets.size(); w++) {
                // Each wallet written through both instances: one of them does not own its shard.
                writes.add(clients.get((w + round) % 2).postJsonAsync("/api/v1/wallet", deposit(wallets.get(w), 1 + round)));
            }
        }
        List<HttpTestClient.Answer> answers = writes.stream().map(CompletableFuture::join).toList();
        assertThat(answers).extracting(HttpTestClient.Answer::status).as("sync writes, outcomes routed through the cluster").containsOnly(200);
        for (String wallet : wallets) {
            assertThat(clients.get(0).balance(wallet)).isEqualTo(1 + 2 + 3 + 4 + 5);
            assertThat(clients.get(1).balance(wallet)).isEqualTo(History.sum(History.of(clients.get(1), wallet), wallet));
        }
    }

    @Test
    void keyedDuplicatesOnTwoInstancesTakeEffectOnce() {
        String wallet = clients.get(0).createWallet();
        List<List<CompletableFuture<HttpTestClient.Answer>>> answers = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            String key = "cluster-dup-" + UUID.randomUUID();
            List<CompletableFuture<HttpTestClient.Answer>> copies = new ArrayList<>();
            for (int copy = 0; copy < 4; copy++) {
                String[] headers = copy % 2 == 0
                        ? new String[]{"Idempotency-Key", key}
                        : new String[]{"Idempotency-Key", key, "Prefer", "respond-async"};
                copies.add(clients.get(copy / 2).postJsonAsync("/api/v1/wallet", deposit(wallet, 1), headers));
            }
            answers.add(copies);
        }
        for (List<CompletableFuture<HttpTestClient.Answer>> copies : answers) {
            List<HttpTestClient.Answer> done = copies.stream().map(CompletableFuture::join).toList();
            assertThat(done).extracting(HttpTestClient.Answer::status).allMatch(status -> status == 200 || status == 202);
            assertThat(done).extracting(a -> a.json().get("operationId").asText()).containsOnly(done.getFirst().json().get("operationId").asText());
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(clients.get(1).balance(wallet)).isEqualTo(20));
        assertThat(History.of(clients.get(0), wallet)).hasSize(20);
    }
}
