package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.wallet.adapter.in.http.HttpTestClient;
import io.github.wallet.adapter.out.postgres.PostgresWalletStore;
import io.github.wallet.adapter.out.postgres.TestPostgres;
import io.github.wallet.bootstrap.Config;
import io.github.wallet.bootstrap.WalletServer;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * An instance that does not migrate (WALLET_DB_MIGRATE=false, behind PgBouncer) and starts before
 * the schema is brought up to date is not ready until it is: it once reported ready on a missing
 * schema, took traffic and answered it with 500s.
 */
class UnmigratedSchemaTest {

    @Test
    void anInstanceThatDoesNotMigrateIsReadyOnlyOnceTheSchemaIsUpToDate() {
        try (TestPostgres database = TestPostgres.createDatabase(UnmigratedSchemaTest.class);
             WalletServer server = WalletServer.start(Config.from(Map.of(
                     "WALLET_DB_URL", database.jdbcUrl(), "WALLET_DB_USER", database.settings().user(),
                     "WALLET_DB_PASSWORD", database.settings().password(), "WALLET_HTTP_PORT", "0",
                     "WALLET_DB_MIGRATE", "false"), new Properties()))) {
            HttpTestClient client = new HttpTestClient(server.port());
            HttpTestClient.Answer before = client.get("/health/ready");
            assertThat(before.status()).as(before.text()).isEqualTo(503);
            assertThat(before.json().get("checks").get("store").asText()).isEqualTo("DOWN");

            try (var pool = PostgresWalletStore.pool(database.settings())) {
                PostgresWalletStore.migrate(pool);   // what `java -jar wallet-server.jar migrate` does
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> client.get("/health/ready").status() == 200);
            String wallet = client.createWallet();
            assertThat(client.deposit(wallet, 5).status()).isEqualTo(200);
        }
    }
}
