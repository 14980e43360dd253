package io.github.wallet.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.wallet.application.port.FeedEvent;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.service.BatchPlan;
import io.github.wallet.application.service.BatchPlanner;
import io.github.wallet.application.testing.Operations;
import io.github.wallet.application.testing.Wallets;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The feed's one hard part (CONTRACT.md §9): with shards committing concurrently, an event written
 * earlier can commit later, so a feed ordered by write order (a plain sequence) would place it
 * below a cursor a reader has already passed. Here a batch is held open on purpose while later
 * ones commit: the feed's end waits below it, and the held event reaches the reader, first.
 */
class EventFeedOrderTest {

    private static TestPostgres database;
    private static PostgresWalletStore store;

    @BeforeAll
    static void start() {
        database = TestPostgres.createDatabase(EventFeedOrderTest.class);
        store = PostgresWalletStore.start(database.settings());
    }

    @AfterAll
    static void stop() {
        store.close();
        database.close();
    }

    @Test
    void anEventThatCommitsLateIsNeverBelowWhatReadersPassed() throws Exception {
        WalletId slow = Wallets.open(store);
        WalletId fast = Wallets.open(store);
        long start = store.end();
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        QueuedOperation held = Operations.deposit(slow, 1);
        // The slow shard's batch: written first (its event gets the lower write order), committed last.
        CompletableFuture<Void> slowCommit = CompletableFuture.runAsync(() -> store.inTransaction(tx -> {
            List<QueuedOperation> batch = List.of(held);
            List<Wallet> wallets = tx.lockWallets(BatchPlanner.walletsToLock(batch));
            BatchPlan plan = BatchPlanner.plan(batch, wallets, List.of(), Operations.now());
            tx.write(plan.writes());
            written.countDown();
            try {
                assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
        Operations.commit(store, List.of(Operations.deposit(fast, 2), Operations.deposit(fast, 3)));

        // The fast events are committed, but the held batch took its seq first and may still
        // commit: the feed's end stays below it (the sequencer does not wait, it comes back).
        for (int run = 0; run < 3; run++) {
            assertThat(store.sequence()).as("the end waits for the batch in flight").isZero();
        }
        assertThat(store.read(start, 100, Optional.empty())).as("nothing readable past the batch in flight").isEmpty();

        release.countDown();
        slowCommit.get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> store.sequence() >= 0 && store.read(start, 100, Optional.empty()).size() == 3);
        List<FeedEvent> feed = store.read(start, 100, Optional.empty());
        assertThat(feed).extracting(e -> e.event().operation().walletId()).containsExactly(slow, fast, fast);
        assertThat(feed).extracting(FeedEvent::position).isSorted().doesNotHaveDuplicates();
        assertThat(store.end()).isEqualTo(feed.getLast().position());
        assertThat(store.read(start, 100, Optional.of(slow))).extracting(e -> e.event().operation().id()).containsExactly(held.operation().id());
    }

    @Test
    void aReaderFollowingTheCursorWhileShardsCommitSeesEveryEventOnceAndEachWalletInOrder() throws Exception {
        List<WalletId> wallets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            wallets.add(Wallets.open(store));
        }
        long start = store.end();
        Set<Object> written = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (WalletId wallet : wallets) {
            writers.add(CompletableFuture.runAsync(() -> {
                for (int b = 0; b < 40; b++) {
                    List<QueuedOperation> batch = List.of(Operations.deposit(wallet, 1), Operations.deposit(wallet, 2), Operations.transfer(wallet,
                            wallets.get((wallets.indexOf(wallet) + 1) % wallets.size()), 1));
                    batch.forEach(q -> written.add(q.operation().id()));
                    Operations.commit(store, batch);
                }
            }));
        }
        CompletableFuture<Void> sequencer = CompletableFuture.runAsync(() -> {
            // Until the writers are done and a run finds nothing more to publish (a run may publish in two steps).
            while (writing.get() || store.sequence() > 0 || store.end() < lastSeq()) {
                store.sequence();
            }
        });
        List<FeedEvent> seen = new ArrayList<>();
        long cursor = start;
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).whenComplete((ok, failure) -> writing.set(false));
        while (!sequencer.isDone() || !store.read(cursor, 1, Optional.empty()).isEmpty()) {
            List<FeedEvent> page = store.read(cursor, 50, Optional.empty());
            if (!page.isEmpty()) {
                seen.addAll(page);
                cursor = page.getLast().position();
            }
        }
        sequencer.get(30, TimeUnit.SECONDS);
        Set<Object> ids = new HashSet<>();
        for (FeedEvent event : seen) {
            assertThat(ids.add(event.event().operation().id())).as("seen once: " + event).isTrue();
        }
        assertThat(ids).isEqualTo(written);
        // Per wallet, the balances the events show only grow by the deposits in between: commit order.
        for (WalletId wallet : wallets) {
            List<Long> decidedOrder = seen.stream().filter(e -> e.event().operation().walletId().equals(wallet))
                    .map(e -> e.event().operation().decidedAt().toEpochMilli() * 0 + e.position()).toList();
            assertThat(decidedOrder).isSorted();
            List<java.time.Instant> times = seen.stream().filter(e -> e.event().operation().walletId().equals(wallet))
                    .map(e -> e.event().operation().decidedAt()).toList();
            assertThat(times).as("a wallet's events in commit order").isSorted();
        }
    }

    private static long lastSeq() {
        Jdbi jdbi = Jdbi.create(database.jdbcUrl(), database.settings().user(), database.settings().password());
        return jdbi.withHandle(h -> h.createQuery("select coalesce(max(seq), 0) from operation").mapTo(Long.class).one());
    }
}
