package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.adapter.in.http.HttpTestClient;
import io.github.wallet.bootstrap.Config;
import io.github.wallet.bootstrap.Main;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production topology for real, without Docker: load through nginx into two server
 * processes (the packaged jar) that reach PostgreSQL through PgBouncer in transaction pooling,
 * with the Redis queue. Runs after `package` (failsafe), since it starts the jar.
 */
class TopologyIT {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final HttpTestClient balancer = new HttpTestClient(18080);

    @BeforeAll
    static void up() throws Exception {
        run("up");
    }

    @AfterAll
    static void down() throws Exception {
        run("down");
    }

    private static void run(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "scripts/topology.sh", command).directory(ROOT.toFile()).inheritIO().start();
        assertThat(process.waitFor()).as("scripts/topology.sh " + command).isZero();
    }

    @Test
    void loadThroughTheBalancerAndPgBouncerKeepsEveryBalanceExact() throws Exception {
        String hot = balancer.createWallet();
        List<String> wallets = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String wallet = balancer.createWallet();
            assertThat(balancer.deposit(wallet, 1_000).status()).isEqualTo(200);
            wallets.add(wallet);
        }
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        AtomicLong hotExpected = new AtomicLong();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> load = new ArrayList<>();
            for (int c = 0; c < 32; c++) {
                int clientNo = c;
                load.add(pool.submit(() -> {
                    for (int r = 0; r < 30; r++) {
                        HttpTestClient.Answer deposit = balancer.deposit(hot, 1 + r % 5);
                        statuses.add(deposit.status());
                        if (deposit.status() == 200) {
                            hotExpected.addAndGet(1 + r % 5);
                        }
                        String from = wallets.get((clientNo + r) % wallets.size());
                        String to = wallets.get((clientNo + 3 * r + 1) % wallets.size());
                        if (!from.equals(to)) {
                            statuses.add(balancer.transfer(from, to, 1 + (clientNo * r) % 30).status());
                        }
                    }
                }));
            }
            for (Future<?> f : load) {
                f.get();
            }
        }
        assertThat(statuses).as("statuses %s", statuses).isSubsetOf(200, 409);
        assertThat(balancer.balance(hot)).isEqualTo(hotExpected.get());
        long total = 0;
        for (String wallet : wallets) {
            long balance = balancer.balance(wallet);
            assertThat(History.sum(History.of(balancer, wallet), wallet)).isEqualTo(balance);
            total += balance;
        }
        assertThat(total).isEqualTo(10 * 1_000L);

        // The books, audited straight on PostgreSQL.
        Config direct = Config.from(Map.of("WALLET_DB_URL", "jdbc:postgresql://127.0.0.1:5432/wallet_topology",
                "WALLET_DB_USER", "wallet", "WALLET_DB_PASSWORD", "wallet"), new Properties());
        assertThat(Main.run("audit", direct)).isZero();
    }
}
