package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.wallet.adapter.in.http.HttpTestClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Over HTTP: an operation PostgreSQL refuses (a test trigger refuses ledger entries of 666) is
 * answered 422 OPERATION_FAILED, never a 500, is FAILED at its Location, and the writes around it
 * on the same wallet go on.
 */
class PoisonOperationTest {

    private static RunningServer running;

    @BeforeAll
    static void start() throws Exception {
        running = new RunningServer(PoisonOperationTest.class);
        try (Connection connection = DriverManager.getConnection(running.database.jdbcUrl(), running.database.settings().user(),
                running.database.settings().password()); Statement sql = connection.createStatement()) {
            sql.execute("""
                    create function refuse_poison() returns trigger language plpgsql as $$
                    begin
                        if new.delta = 666 then raise exception 'ledger entry of 666 refused by a test trigger'; end if;
                        return new;
                    end $$""");
            sql.execute("create trigger refuse_poison before insert on ledger_entry for each row execute function refuse_poison()");
        }
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void theRefusedOperationIsA422AndItsNeighboursCommit() {
        HttpTestClient client = running.client;
        String wallet = client.createWallet();
        List<CompletableFuture<HttpTestClient.Answer>> good = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            good.add(client.postJsonAsync("/api/v1/wallet", "{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":2}"));
        }
        HttpTestClient.Answer poison = client.postJson("/api/v1/wallet", "{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":666}");
        HttpTestClient.Answer asyncPoison = client.postJson("/api/v1/wallet",
                "{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":666}", "Prefer", "respond-async");

        assertThat(poison.status()).isEqualTo(422);
        assertThat(poison.code()).isEqualTo("OPERATION_FAILED");
        assertThat(poison.json().get("operationId").asText()).isNotBlank();
        assertThat(good).extracting(f -> f.join().status()).containsOnly(200);
        assertThat(asyncPoison.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpTestClient.Answer polled = client.get(asyncPoison.header("Location"));
            assertThat(polled.json().get("status").asText()).isEqualTo("FAILED");
            assertThat(polled.json().get("failureReason").asText()).contains("refused by a test trigger");
        });
        assertThat(client.get("/api/v1/operations/" + poison.json().get("operationId").asText()).json().get("status").asText()).isEqualTo("FAILED");
        assertThat(client.deposit(wallet, 1).status()).as("the shard goes on").isEqualTo(200);
        assertThat(client.balance(wallet)).isEqualTo(101);
    }
}
