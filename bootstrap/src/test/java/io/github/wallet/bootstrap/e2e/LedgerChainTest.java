package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wallet.adapter.in.http.HttpTestClient;
import io.github.wallet.adapter.out.postgres.LedgerAudit;
import io.github.wallet.adapter.out.postgres.PostgresWalletStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The hash-chained ledger (CONTRACT.md §10) over HTTP on a real server and PostgreSQL: every
 * wallet's chain verifies after real traffic, and tampering by SQL (a changed amount, a deleted or
 * inserted entry, an edited balance) is found by {@code /verify} and by {@code audit}, naming the
 * wallet and the entry.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the clean audit first: the other tests tamper with the shared books
class LedgerChainTest {

    private static RunningServer running;
    private static HttpTestClient client;
    private static Jdbi jdbi;

    @BeforeAll
    static void start() {
        running = new RunningServer(LedgerChainTest.class);
        client = running.client;
        jdbi = Jdbi.create(running.database.jdbcUrl(), running.database.settings().user(), running.database.settings().password());
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    /** Two wallets with deposits, withdrawals, transfers both ways and a capture into the second: six entries on the first. */
    private static List<String> traffic() {
        String a = client.createWallet();
        String b = client.createWallet();
        client.deposit(a, 1_000);
        client.withdraw(a, 100);
        client.transfer(a, b, 250);
        client.transfer(b, a, 50);
        String hold = client.postJson("/api/v1/holds", "{\"walletId\":\"" + a + "\",\"amount\":40,\"toWalletId\":\"" + b + "\"}")
                .json().get("holdId").asText();
        assertThat(client.postJson("/api/v1/holds/" + hold + "/capture", "{\"amount\":30}").status()).isEqualTo(200);
        client.deposit(a, 7);
        return List.of(a, b);
    }

    private static JsonNode verify(String wallet) {
        HttpTestClient.Answer answer = client.get("/api/v1/wallets/" + wallet + "/verify");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    private static List<String> audit() {
        try (var pool = PostgresWalletStore.pool(running.database.settings())) {
            return LedgerAudit.run(pool).problems();
        }
    }

    /** The operation ids of the wallet's entries, oldest first. */
    private static List<String> entryOperations(String wallet) {
        return jdbi.withHandle(h -> h.createQuery("select operation_id::text from ledger_entry where wallet_id = ?::uuid order by entry_id")
                .bind(0, wallet).mapTo(String.class).list());
    }

    @Test
    @Order(1)
    void chainsVerifyAfterRealTrafficAndHistoryShowsEachEntrysHash() {
        List<String> wallets = traffic();
        for (String wallet : wallets) {
            JsonNode result = verify(wallet);
            assertThat(result.get("valid").asBoolean()).as(result.toString()).isTrue();
            assertThat(result.has("firstInvalid")).isFalse();
            List<JsonNode> history = History.of(client, wallet);
            List<JsonNode> withEntries = history.stream().filter(item -> item.has("entryHash")).toList();
            assertThat(result.get("entries").asLong()).isEqualTo(withEntries.size());
            assertThat(result.get("headHash").asText()).as("the head is the newest entry's hash").isEqualTo(withEntries.getFirst().get("entryHash").asText());
        }
        assertThat(verify(wallets.getFirst()).get("entries").asLong()).isEqualTo(6);
        JsonNode hold = History.of(client, wallets.getFirst()).stream().filter(item -> item.get("type").asText().equals("HOLD")).findFirst().orElseThrow();
        assertThat(hold.has("entryHash")).as("a hold makes no entry").isFalse();
        assertThat(audit()).isEmpty();
        JsonNode fresh = verify(client.createWallet());
        assertThat(fresh.get("valid").asBoolean()).isTrue();
        assertThat(fresh.get("entries").asLong()).isZero();
        assertThat(fresh.get("headHash").asText()).isEqualTo("0".repeat(64));
        assertThat(client.get("/api/v1/wallets/" + UUID.randomUUID() + "/verify").code()).isEqualTo("WALLET_NOT_FOUND");
    }

    /**
     * {@code /verify} reads the wallet and its entries as of one moment: a batch committed between
     * the two reads made a sound wallet look broken (its head was read before the new entry was).
     */
    @Test
    void aWalletVerifiesWhileItIsBeingWritten() throws Exception {
        String wallet = client.createWallet();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Integer> refused = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            writers.add(Thread.ofVirtual().start(() -> {
                while (writing.get()) {
                    int status = client.deposit(wallet, 1).status();
                    if (status != 200) {
                        refused.add(status);
                    }
                }
            }));
        }
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> verify(wallet).get("entries").asLong() > 20);
            for (int i = 0; i < 200; i++) {
                JsonNode result = verify(wallet);
                assertThat(result.get("valid").asBoolean()).as("verify %d: %s", i, result).isTrue();
            }
        } finally {
            writing.set(false);
            for (Thread writer : writers) {
                writer.join();
            }
        }
        assertThat(refused).as("the writers kept writing").isEmpty();
    }

    @Test
    void aChangedAmountIsFoundAtItsEntry() {
        String wallet = traffic().getFirst();
        String withdrawal = entryOperations(wallet).get(1);
        jdbi.useHandle(h -> h.execute("update ledger_entry set delta = delta - 1, balance_after = balance_after - 1"
                + " where wallet_id = ?::uuid and operation_id = ?::uuid", wallet, withdrawal));
        JsonNode result = verify(wallet);
        assertThat(result.get("valid").asBoolean()).isFalse();
        assertThat(result.get("firstInvalid").get("operationId").asText()).isEqualTo(withdrawal);
        assertThat(audit()).anyMatch(problem -> problem.startsWith(wallet) && problem.contains(withdrawal));
    }

    @Test
    void aDeletedEntryIsFoundAtTheEntryAfterIt() {
        String wallet = traffic().getFirst();
        List<String> operations = entryOperations(wallet);
        jdbi.useHandle(h -> h.execute("delete from ledger_entry where wallet_id = ?::uuid and operation_id = ?::uuid", wallet, operations.get(2)));
        JsonNode result = verify(wallet);
        assertThat(result.get("valid").asBoolean()).isFalse();
        assertThat(result.get("firstInvalid").get("operationId").asText()).isEqualTo(operations.get(3));
        assertThat(audit()).anyMatch(problem -> problem.startsWith(wallet) && problem.contains(operations.get(3)));
    }

    @Test
    void anInsertedEntryIsFound() {
        String wallet = traffic().getFirst();
        String deposit = entryOperations(wallet).getFirst();
        jdbi.useHandle(h -> h.execute("insert into ledger_entry (wallet_id, operation_id, delta, balance_after, hash, created_at)"
                + " values (?::uuid, ?::uuid, 5, 5, decode(repeat('f', 64), 'hex'), now())", wallet, deposit));
        JsonNode result = verify(wallet);
        assertThat(result.get("valid").asBoolean()).isFalse();
        assertThat(result.get("firstInvalid").get("operationId").asText()).isEqualTo(deposit);
        assertThat(audit()).anyMatch(problem -> problem.startsWith(wallet) && problem.contains("ffffffff"));
    }

    @Test
    void aBalanceEditedBySqlIsFound() {
        String wallet = traffic().getFirst();
        jdbi.useHandle(h -> h.execute("update wallet set balance = balance + 1000 where wallet_id = ?::uuid", wallet));
        JsonNode result = verify(wallet);
        assertThat(result.get("valid").asBoolean()).isFalse();
        assertThat(result.get("firstInvalid").has("operationId")).isFalse();
        assertThat(result.get("firstInvalid").get("reason").asText()).contains("balance");
        assertThat(audit()).anyMatch(problem -> problem.startsWith(wallet) && problem.contains("ledger sums to"));
    }

    @Test
    void twoEntriesSwappedAreFound() {
        String wallet = traffic().getFirst();
        List<String> operations = entryOperations(wallet);
        jdbi.useHandle(h -> h.execute("""
                with pair as (select *, row_number() over (order by entry_id) as n
                              from (select entry_id, operation_id, delta, balance_after, hash, created_at
                                    from ledger_entry where wallet_id = ?::uuid order by entry_id offset 1 limit 2) two)
                update ledger_entry e set operation_id = o.operation_id, delta = o.delta, balance_after = o.balance_after,
                                          hash = o.hash, created_at = o.created_at
                from pair p join pair o on o.n = 3 - p.n
                where e.entry_id = p.entry_id""", wallet));
        assertThat(entryOperations(wallet).subList(1, 3)).containsExactly(operations.get(2), operations.get(1));
        JsonNode result = verify(wallet);
        assertThat(result.get("valid").asBoolean()).isFalse();
        assertThat(result.get("firstInvalid").get("operationId").asText()).isEqualTo(operations.get(2));
        assertThat(audit()).anyMatch(problem -> problem.startsWith(wallet) && problem.contains(operations.get(2)));
    }

    /**
     * The last entry cut off, with the wallet's head and balance set back to the entry before: the
     * wallet's own chain agrees with itself, so only the operation that lost its entry tells (the
     * audit; {@code /verify} walks one wallet's chain). The same for the credit side of a capture.
     */
    @Test
    void aCutTailWhoseWalletWasMadeToAgreeIsFoundByItsOperation() {
        List<String> wallets = traffic();
        for (String wallet : wallets) {
            List<String> operations = entryOperations(wallet);
            String last = operations.getLast();
            jdbi.useHandle(h -> {
                h.execute("delete from ledger_entry where wallet_id = ?::uuid and operation_id = ?::uuid", wallet, last);
                h.execute("""
                        update wallet w set chain_head = e.hash, balance = e.balance_after
                        from (select hash, balance_after from ledger_entry where wallet_id = ?::uuid order by entry_id desc limit 1) e
                        where w.wallet_id = ?::uuid""", wallet, wallet);
            });
            assertThat(verify(wallet).get("valid").asBoolean()).as("one wallet's chain, made to agree").isTrue();
            String type = jdbi.withHandle(h -> h.createQuery("select type from operation where operation_id = ?::uuid").bind(0, last)
                    .mapTo(String.class).one());
            assertThat(audit()).as(type).anyMatch(problem -> problem.startsWith(last + ": completed " + type) && problem.contains("(it makes"));
        }
    }

    @Test
    void anEntryUnderAnOperationThatMakesNoneIsFound() {
        String wallet = traffic().getFirst();
        String hold = jdbi.withHandle(h -> h.createQuery("select operation_id::text from operation where wallet_id = ?::uuid and type = 'HOLD'")
                .bind(0, wallet).mapTo(String.class).one());
        jdbi.useHandle(h -> h.execute("insert into ledger_entry (wallet_id, operation_id, delta, balance_after, hash, created_at)"
                + " values (?::uuid, ?::uuid, 5, 5, decode(repeat('e', 64), 'hex'), now())", wallet, hold));
        assertThat(audit()).anyMatch(problem -> problem.startsWith(hold + ": completed HOLD") && problem.contains("has 1 ledger entries"));
    }

    /** The hot tables keep no foreign keys (V11): the audit is what finds an entry pointing nowhere. */
    @Test
    void anEntryNamingAWalletOrOperationThatDoesNotExistIsFound() {
        String wallet = traffic().getFirst();
        List<String> operations = entryOperations(wallet);
        String nowhere = UUID.randomUUID().toString();
        jdbi.useHandle(h -> h.execute("update ledger_entry set wallet_id = ?::uuid where wallet_id = ?::uuid and operation_id = ?::uuid",
                nowhere, wallet, operations.get(0)));
        String noOperation = UUID.randomUUID().toString();
        jdbi.useHandle(h -> h.execute("update ledger_entry set operation_id = ?::uuid where wallet_id = ?::uuid and operation_id = ?::uuid",
                noOperation, wallet, operations.get(1)));
        String elsewhere = UUID.randomUUID().toString();
        jdbi.useHandle(h -> h.execute("update operation set wallet_id = ?::uuid where operation_id = ?::uuid", elsewhere, operations.get(2)));
        assertThat(audit())
                .anyMatch(problem -> problem.contains("of operation " + operations.get(0) + " names wallet " + nowhere + ", which does not exist"))
                .anyMatch(problem -> problem.contains("of operation " + noOperation + " names operation " + noOperation + ", which does not exist"))
                .anyMatch(problem -> problem.startsWith(operations.get(2) + ": completed ") && problem.contains(" names wallet " + elsewhere));
    }

    /** What the dropped foreign keys also did, refuse to remove a wallet or operation the books point at, a trigger keeps. */
    @Test
    void walletsAndOperationsAreNeverRemoved() {
        String wallet = traffic().getFirst();
        String operation = entryOperations(wallet).getFirst();
        assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute("delete from wallet where wallet_id = ?::uuid", wallet)))
                .hasMessageContaining("wallet rows are never removed");
        assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute("delete from operation where operation_id = ?::uuid", operation)))
                .hasMessageContaining("operation rows are never removed");
        assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute("truncate wallet, operation, ledger_entry, hold cascade")))
                .hasMessageContaining("rows are never removed");
        assertThat(verify(wallet).get("valid").asBoolean()).isTrue();
    }
}
