package io.github.wallet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.adapter.in.http.HttpTestClient;
import io.github.wallet.adapter.out.postgres.TestPostgres;
import java.util.Map;
import java.util.Properties;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The self warm-up runs real traffic through a whole server on a scratch schema, then leaves
 * nothing behind: no schema, no wallet, no operation, no event in the database the server then
 * serves, which starts empty and works as usual.
 */
class SelfWarmupTest {

    @Test
    void warmsUpOnAScratchSchemaAndLeavesTheServedDatabaseUntouched() {
        try (TestPostgres database = TestPostgres.createDatabase(SelfWarmupTest.class)) {
            Map<String, String> env = io.github.wallet.bootstrap.e2e.ServerEnv.on(database);
            env.put("WALLET_WARMUP_SECONDS", "2");
            Config config = Config.from(env, new Properties());

            long requests = SelfWarmup.run(config, database.settings()).requests();

            assertThat(requests).as("requests answered in the warm-up").isPositive();
            Jdbi jdbi = Jdbi.create(database.jdbcUrl(), database.settings().user(), database.settings().password());
            long scratchSchemas = jdbi.withHandle(h -> h.createQuery("select count(*) from pg_namespace where nspname like 'wallet_warmup_%'")
                    .mapTo(Long.class).one());
            assertThat(scratchSchemas).as("scratch schemas left").isZero();

            try (WalletServer server = WalletServer.start(config)) {
                HttpTestClient client = new HttpTestClient(server.port());
                long rows = jdbi.withHandle(h -> h.createQuery("select (select count(*) from wallet) + (select count(*) from operation)")
                        .mapTo(Long.class).one());
                assertThat(rows).as("wallets and operations in the served database").isZero();
                String wallet = client.createWallet();
                assertThat(client.deposit(wallet, 5).status()).isEqualTo(200);
                assertThat(client.balance(wallet)).isEqualTo(5);
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(client.get("/api/v1/events").json().get("items")).as("the feed holds only the real deposit").hasSize(1));
            }
        }
    }

    /**
     * With a bound far off, the warm-up ends on its own once the JIT has settled (on 2 cores about
     * 20-30 s of load); on the embedded default it is on, so a server started as it comes is warm
     * when it is ready.
     */
    @Test
    void stopsOnceTheJitHasSettledBeforeItsBound() {
        assertThat(Config.from(Map.of(), new Properties()).warmup()).as("on the embedded database")
                .isEqualTo(java.time.Duration.ofSeconds(Config.WARMUP_SECONDS_DEFAULT));
        assertThat(Config.from(Map.of("WALLET_DB_URL", "jdbc:postgresql://db/wallet"), new Properties()).warmup())
                .as("on a database of the user's own: it needs a schema of its own there").isZero();
        try (TestPostgres database = TestPostgres.createDatabase(SelfWarmupTest.class)) {
            Map<String, String> env = io.github.wallet.bootstrap.e2e.ServerEnv.on(database);
            env.put("WALLET_WARMUP_SECONDS", "120");
            long started = System.nanoTime();

            SelfWarmup.Result result = SelfWarmup.run(Config.from(env, new Properties()), database.settings());

            java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - started);
            assertThat(result.requests()).as("requests answered in the warm-up").isPositive();
            assertThat(result.jitSettled()).as("ended because the JIT settled, after %s", took).isTrue();
            assertThat(took).as("the warm-up, bounded at 120 s of load").isLessThan(java.time.Duration.ofSeconds(120));
        }
    }
}
