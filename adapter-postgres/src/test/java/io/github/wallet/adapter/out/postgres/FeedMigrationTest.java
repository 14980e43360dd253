package io.github.wallet.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.port.EventWallet;
import io.github.wallet.application.port.FeedEvent;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V7 moves the feed from the outbox table onto the operation rows. A database that has events
 * (one placed, one still waiting for its place) and a webhook part way through them keeps all of
 * it: the same events with the same balances, and the webhook goes on from the first event it had
 * not delivered.
 */
class FeedMigrationTest {

    private TestPostgres database;
    private Jdbi jdbi;

    @BeforeEach
    void createDatabase() {
        database = TestPostgres.createDatabase(FeedMigrationTest.class);
        jdbi = Jdbi.create(database.jdbcUrl(), database.settings().user(), database.settings().password());
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void eventsAndAWebhooksPlaceSurviveTheMoveOntoOperationRows() {
        Flyway.configure().dataSource(database.jdbcUrl(), database.settings().user(), database.settings().password())
                .locations("classpath:db/migration").target("6").load().migrate();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID deposit = UUID.randomUUID();
        UUID transfer = UUID.randomUUID();
        UUID webhook = UUID.randomUUID();
        jdbi.useHandle(h -> {
            h.execute("insert into wallet (wallet_id, currency, balance, created_at, updated_at) values (?, 'EUR', 70, now(), now()), (?, 'EUR', 30, now(), now())",
                    a, b);
            h.execute("insert into operation (operation_id, type, wallet_id, amount, status, balance_after, request_fingerprint, created_at, completed_at)"
                    + " values (?, 'DEPOSIT', ?, 100, 'COMPLETED', 100, 'f', now(), now())", deposit, a);
            h.execute("insert into operation (operation_id, type, wallet_id, target_wallet_id, amount, status, balance_after, request_fingerprint,"
                    + " created_at, completed_at) values (?, 'TRANSFER', ?, ?, 30, 'COMPLETED', 70, 'f', now(), now())", transfer, a, b);
            h.execute("insert into event (operation_id, position, type, occurred_at, wallet_id, balance, available) values (?, 1, 'operation.completed', now(), ?, 100, 100)",
                    deposit, a);
            h.execute("insert into event (operation_id, type, occurred_at, wallet_id, balance, available, wallet2_id, balance2, available2)"
                    + " values (?, 'operation.completed', now(), ?, 70, 70, ?, 30, 30)", transfer, a, b);
            h.execute("insert into webhook (webhook_id, url, event_types, wallet_ids, secret, status, created_at, position)"
                    + " values (?, 'https://example.com/hook', '{}', '{}', 's', 'ENABLED', now(), 1)", webhook);
        });

        try (PostgresWalletStore store = PostgresWalletStore.start(database.settings())) {
            List<FeedEvent> feed = store.read(0, 10, Optional.empty());
            assertThat(feed).extracting(e -> e.event().operation().id().value()).containsExactly(deposit, transfer);
            assertThat(feed.get(0).event().wallets()).extracting(EventWallet::balance).containsExactly(100L);
            assertThat(feed.get(1).event().wallets()).extracting(w -> w.walletId().value(), EventWallet::balance)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(a, 70L), org.assertj.core.groups.Tuple.tuple(b, 30L));
            assertThat(store.end()).isEqualTo(feed.getLast().position());

            long webhookPosition = jdbi.withHandle(h -> h.createQuery("select position from webhook where webhook_id = ?").bind(0, webhook)
                    .mapTo(Long.class).one());
            assertThat(store.read(webhookPosition, 10, Optional.empty())).as("the webhook goes on with the event it had not delivered")
                    .extracting(e -> e.event().operation().id().value()).containsExactly(transfer);
        }
    }
}
