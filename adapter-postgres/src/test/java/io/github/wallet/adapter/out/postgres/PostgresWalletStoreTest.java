package io.github.wallet.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.port.Webhook;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.port.out.WalletStore;
import io.github.wallet.application.testing.Operations;
import io.github.wallet.application.testing.WalletStoreContract;
import io.github.wallet.application.testing.Wallets;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class PostgresWalletStoreTest extends WalletStoreContract {

    private static TestPostgres database;
    private static PostgresWalletStore store;

    @BeforeAll
    static void startStore() {
        database = TestPostgres.createDatabase(PostgresWalletStoreTest.class);
        store = PostgresWalletStore.start(database.settings());
    }

    @AfterAll
    static void stopStore() {
        store.close();
        database.close();
    }

    @Override
    protected WalletStore store() {
        return store;
    }

    @Test
    void everyBalanceEqualsTheSumOfItsLedgerAfterConcurrentBatches() throws Exception {
        WalletId a = Wallets.withBalance(store, 1_000);
        WalletId b = Wallets.withBalance(store, 1_000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> batches = new ArrayList<>();
        for (int t = 0; t < 40; t++) {
            boolean forward = t % 2 == 0;
            batches.add(pool.submit(() -> Operations.commit(store, List.of(
                    Operations.transfer(forward ? a : b, forward ? b : a, 7),
                    Operations.withdrawal(forward ? a : b, 3),
                    Operations.deposit(forward ? b : a, 5)))));
        }
        for (Future<?> batch : batches) {
            batch.get();
        }
        pool.shutdown();

        Jdbi jdbi = Jdbi.create(database.jdbcUrl(), database.settings().user(), database.settings().password());
        List<String> mismatches = jdbi.withHandle(h -> h.createQuery("""
                select w.wallet_id::text from wallet w
                left join ledger_entry e on e.wallet_id = w.wallet_id
                group by w.wallet_id, w.balance
                having w.balance <> coalesce(sum(e.delta), 0)
                """).mapTo(String.class).list());
        assertThat(mismatches).isEmpty();
        long total = jdbi.withHandle(h -> h.createQuery("select sum(balance) from wallet where wallet_id in (<ids>)")
                .bindList("ids", List.of(a.value(), b.value())).mapTo(Long.class).one());
        // Each round withdraws 3 and deposits 5 in total; transfers move money, never make it.
        assertThat(total).isEqualTo(2_000 + 40 * (5 - 3));
    }

    /**
     * Keys go to PostgreSQL as binary arrays (BinaryArrays): a key that spells an array literal's
     * syntax, or the word NULL that such a literal reads as a null, is kept and found verbatim.
     */
    @Test
    void keysThatLookLikeArraySyntaxAreKeptAndFoundVerbatim() {
        WalletId wallet = Wallets.open(store);
        String suffix = "-" + UUID.randomUUID();
        List<String> keys = List.of("NULL", "{\"a\",\\b}" + suffix, "x,y}NULL{" + suffix, "'quoted'\\\"" + suffix);
        List<QueuedOperation> batch = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            batch.add(Operations.withKey(Operations.deposit(wallet, i + 1), keys.get(i)));
        }
        Operations.commit(store, batch);

        var found = store.findOperationsByKeys(keys.stream().map(IdempotencyKey::new).toList());
        assertThat(found).extracting(stored -> stored.idempotencyKey().orElseThrow().value()).containsExactlyInAnyOrderElementsOf(keys);
        for (var stored : found) {
            int index = keys.indexOf(stored.idempotencyKey().orElseThrow().value());
            assertThat(stored.operation().id()).isEqualTo(batch.get(index).operation().id());
        }
    }

    /**
     * The pool lets uuid[] travel in binary (BinaryArrays), both ways: a webhook's wallet ids read
     * back the same every time, also once the driver has prepared the statement on the server
     * (after its fifth run) and receives the array in binary.
     */
    @Test
    void uuidArraysReadBackTheSameOnceTheDriverSwitchesToBinary() {
        Set<WalletId> wallets = Set.of(Wallets.open(store), Wallets.open(store), Wallets.open(store));
        var webhooks = store.webhooks();
        var webhook = new Webhook(UUID.randomUUID(), "https://example.com/hook",
                Set.of("DEPOSIT"), wallets, "secret-" + UUID.randomUUID(),
                Webhook.Status.ENABLED, Instant.parse("2026-11-29T00:00:00Z"), 0, 0);
        webhooks.create(webhook, java.util.Optional.empty(), "");
        for (int read = 1; read <= 10; read++) {
            assertThat(webhooks.find(webhook.id())).as("read %d", read)
                    .hasValueSatisfying(found -> assertThat(found.walletIds()).isEqualTo(wallets));
        }
    }

    /**
     * A store on a data source of the embedder's own, without the pool's binary uuid[] setting:
     * the same batches commit, the ids going as text.
     */
    @Test
    void aDataSourceWithoutBinaryUuidArraysCommitsTheSame() {
        PGSimpleDataSource plain = new PGSimpleDataSource();
        plain.setUrl(database.jdbcUrl());
        plain.setUser(database.settings().user());
        plain.setPassword(database.settings().password());
        try (PostgresWalletStore textIds = PostgresWalletStore.on(plain)) {
            WalletId a = Wallets.withBalance(textIds, 100);
            WalletId b = Wallets.open(textIds);
            Operations.commit(textIds, List.of(Operations.deposit(a, 5), Operations.transfer(a, b, 30), Operations.withdrawal(b, 10)));

            assertThat(textIds.findWallet(a)).hasValueSatisfying(w -> assertThat(w.balance().amountMinor()).isEqualTo(75));
            assertThat(textIds.findWallet(b)).hasValueSatisfying(w -> assertThat(w.balance().amountMinor()).isEqualTo(20));
        }
    }

    @Test
    void aStoreThatCannotReachPostgresSaysSoInsteadOfHanging() {
        var unreachable = new PostgresSettings("jdbc:postgresql://127.0.0.1:1/none", "postgres", "", 1, java.time.Duration.ofMillis(500));
        try (PostgresWalletStore down = PostgresWalletStore.on(PostgresWalletStore.pool(unreachable))) {
            assertThat(down.isAvailable()).isFalse();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> down.findWallet(Wallets.open(store)))
                    .isInstanceOf(io.github.wallet.application.port.DependencyUnavailableException.class);
        }
    }
}
