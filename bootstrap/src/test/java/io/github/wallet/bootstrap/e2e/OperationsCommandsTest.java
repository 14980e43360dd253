package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.adapter.out.postgres.LedgerAudit;
import io.github.wallet.adapter.out.postgres.PostgresWalletStore;
import io.github.wallet.bootstrap.Config;
import io.github.wallet.bootstrap.Main;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The jar's operations commands on a real database: migrate, and audit before and after someone
 * tampers with a balance behind the service's back.
 */
class OperationsCommandsTest {

    @Test
    void auditPassesAfterLoadAndFailsOnceABalanceIsTamperedWith() {
        try (RunningServer running = new RunningServer(OperationsCommandsTest.class)) {
            var client = running.client;
            List<String> wallets = List.of(client.createWallet(), client.createWallet(), client.createWallet());
            for (int i = 0; i < 30; i++) {
                String wallet = wallets.get(i % 3);
                client.deposit(wallet, 10 + i);
                client.withdraw(wallet, 5 + i);
                client.transfer(wallet, wallets.get((i + 1) % 3), 3);
            }
            Config config = Config.from(Map.of("WALLET_DB_URL", running.database.jdbcUrl(),
                    "WALLET_DB_USER", running.database.settings().user(), "WALLET_DB_PASSWORD", running.database.settings().password()), new Properties());
            assertThat(Main.run("migrate", config)).isZero();
            assertThat(Main.run("audit", config)).isZero();

            Jdbi.create(running.database.jdbcUrl(), running.database.settings().user(), running.database.settings().password())
                    .useHandle(h -> h.execute("update wallet set balance = balance + 1 where wallet_id = ?::uuid", wallets.get(1)));
            assertThat(Main.run("audit", config)).isEqualTo(1);
            try (var pool = PostgresWalletStore.pool(running.database.settings())) {
                LedgerAudit.Report report = LedgerAudit.run(pool);
                assertThat(report.problems()).singleElement().asString().startsWith(wallets.get(1)).contains("ledger sums to");
            }
            assertThat(Main.run("nonsense", config)).isEqualTo(2);
        }
    }

    @Test
    void auditFindsATransferMissingItsSecondSide() {
        try (RunningServer running = new RunningServer(OperationsCommandsTest.class)) {
            var client = running.client;
            String from = client.createWallet();
            String to = client.createWallet();
            client.deposit(from, 100);
            String transfer = client.transfer(from, to, 40).json().get("operationId").asText();
            Jdbi jdbi = Jdbi.create(running.database.jdbcUrl(), running.database.settings().user(), running.database.settings().password());
            jdbi.useHandle(h -> {
                h.execute("delete from ledger_entry where operation_id = ?::uuid and wallet_id = ?::uuid", transfer, to);
                h.execute("update wallet set balance = 0 where wallet_id = ?::uuid", to);
            });
            try (var pool = PostgresWalletStore.pool(running.database.settings())) {
                assertThat(LedgerAudit.run(pool).problems()).anyMatch(p -> p.startsWith(transfer) && p.contains("1 ledger entries"));
            }
        }
    }

    @Test
    void auditChecksHoldsAndDebitCountersAndFindsThemTamperedWith() {
        try (RunningServer running = new RunningServer(OperationsCommandsTest.class)) {
            var client = running.client;
            String wallet = client.createWallet("{\"limits\":{\"maxDebitPerDay\":1000}}");
            client.deposit(wallet, 500);
            client.withdraw(wallet, 40);
            String active = client.postJson("/api/v1/holds", "{\"walletId\":\"" + wallet + "\",\"amount\":30}").json().get("holdId").asText();
            String captured = client.postJson("/api/v1/holds", "{\"walletId\":\"" + wallet + "\",\"amount\":20}").json().get("holdId").asText();
            assertThat(client.postJson("/api/v1/holds/" + captured + "/capture", "{\"amount\":15}").status()).isEqualTo(200);
            try (var pool = PostgresWalletStore.pool(running.database.settings())) {
                assertThat(LedgerAudit.run(pool).problems()).isEmpty();
            }

            Jdbi jdbi = Jdbi.create(running.database.jdbcUrl(), running.database.settings().user(), running.database.settings().password());
            jdbi.useHandle(h -> {
                h.execute("update wallet set held_amount = held_amount - 30, debit_day_total = 0 where wallet_id = ?::uuid", wallet);
                h.execute("update hold set captured_amount = 20 where hold_id = ?::uuid", captured);
            });
            try (var pool = PostgresWalletStore.pool(running.database.settings())) {
                List<String> problems = LedgerAudit.run(pool).problems();
                assertThat(problems).anyMatch(p -> p.startsWith(wallet) && p.contains("held 0 but its active holds sum to 30"));
                assertThat(problems).anyMatch(p -> p.startsWith(wallet) && p.contains("debit counters 0") && p.contains("the ledger has 55"));
                assertThat(problems).anyMatch(p -> p.startsWith(captured) && p.contains("captured hold"));
                assertThat(problems).noneMatch(p -> p.startsWith(active));
            }
        }
    }
}
