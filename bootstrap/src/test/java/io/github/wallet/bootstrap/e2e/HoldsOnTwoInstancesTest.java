package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.adapter.in.http.HttpTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Holds, limits and frozen wallets on the production shape: two instances on one Redis and one
 * PostgreSQL, each scenario's steps spread over both (a hold placed on one is captured on the
 * other, expiries are queued by whichever owns the wallet's shard).
 */
class HoldsOnTwoInstancesTest extends HoldsAndLimitsScenarios {

    private static Instances instances;

    @BeforeAll
    static void start() {
        instances = new Instances(HoldsOnTwoInstancesTest.class, 2);
    }

    @AfterAll
    static void stop() {
        // Every scenario above left books that add up: balances, holds, debit counters.
        try (var pool = io.github.wallet.adapter.out.postgres.PostgresWalletStore.pool(instances.database.settings())) {
            org.assertj.core.api.Assertions.assertThat(io.github.wallet.adapter.out.postgres.LedgerAudit.run(pool).problems()).isEmpty();
        }
        assertThat(io.github.wallet.application.port.BlockingCallGuard.refused()).isZero();
        instances.close();
    }

    @Override
    HttpTestClient client(int n) {
        return instances.client(n);
    }
}
