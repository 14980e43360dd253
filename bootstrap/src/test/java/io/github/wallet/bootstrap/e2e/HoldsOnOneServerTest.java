package io.github.wallet.bootstrap.e2e;

import io.github.wallet.adapter.in.http.HttpTestClient;
import io.github.wallet.adapter.out.postgres.TestPostgres;
import io.github.wallet.bootstrap.WalletServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Holds, limits and frozen wallets on the embedded shape: one server, its in-process queue, PostgreSQL.
 */
class HoldsOnOneServerTest extends HoldsAndLimitsScenarios {

    private static TestPostgres database;
    private static WalletServer server;
    private static HttpTestClient client;

    @BeforeAll
    static void start() {
        database = TestPostgres.createDatabase(HoldsOnOneServerTest.class);
        server = ServerEnv.start(ServerEnv.on(database));
        client = new HttpTestClient(server.port());
    }

    @AfterAll
    static void stop() {
        // Every scenario above left books that add up: balances, holds, debit counters.
        try (var pool = io.github.wallet.adapter.out.postgres.PostgresWalletStore.pool(database.settings())) {
            org.assertj.core.api.Assertions.assertThat(io.github.wallet.adapter.out.postgres.LedgerAudit.run(pool).problems()).isEmpty();
        }
        server.close();
        database.close();
    }

    @Override
    HttpTestClient client(int n) {
        return client;
    }
}
