package io.github.wallet.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.wallet.application.port.DependencyUnavailableException;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.port.out.StoredOperation;
import io.github.wallet.application.port.out.WalletReads;
import io.github.wallet.application.testing.DelegatingWalletReads;
import io.github.wallet.application.testing.InMemoryWalletStore;
import io.github.wallet.application.testing.Operations;
import io.github.wallet.application.testing.Wallets;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class KeyLookupsTest {

    private final InMemoryWalletStore store = new InMemoryWalletStore();

    /** The real store, with its looks counted and every one held until released. */
    private static final class CountedReads extends DelegatingWalletReads {
        final AtomicInteger looks = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);

        CountedReads(WalletReads store) {
            super(store);
        }

        @Override
        public List<StoredOperation> findOperationsByKeys(Collection<IdempotencyKey> keys) {
            looks.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.findOperationsByKeys(keys);
        }
    }

    @Test
    void requestsThatWaitWhileOneLookRunsShareTheNextLook() throws Exception {
        WalletId wallet = Wallets.open(store);
        QueuedOperation stored = Operations.withKey(Operations.deposit(wallet, 5), "stored-" + UUID.randomUUID());
        Operations.commit(store, List.of(stored));
        CountedReads reads = new CountedReads(store);
        try (KeyLookups lookups = new KeyLookups(reads); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            // The looker busy with one request...
            CompletableFuture<Optional<StoredOperation>> first = CompletableFuture.supplyAsync(
                    () -> lookups.find(new IdempotencyKey("first-" + UUID.randomUUID())), pool);
            await().atMost(Duration.ofSeconds(5)).until(() -> reads.looks.get() == 1);
            // ...while 198 more arrive.
            List<CompletableFuture<Optional<StoredOperation>>> others = new ArrayList<>();
            for (int i = 0; i < 198; i++) {
                IdempotencyKey key = i == 100 ? stored.idempotencyKey().orElseThrow() : new IdempotencyKey("other-" + i + "-" + UUID.randomUUID());
                others.add(CompletableFuture.supplyAsync(() -> lookups.find(key), pool));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> lookups.waiting() == 198);
            reads.release.countDown();

            assertThat(first.join()).isEmpty();
            assertThat(others.get(100).join()).map(s -> s.operation().id()).contains(stored.operation().id());
            assertThat(others).filteredOn(f -> f.join().isPresent()).hasSize(1);
            assertThat(reads.looks.get()).as("198 waiting requests, one more look").isEqualTo(2);
        }
    }

    @Test
    void aStoreThatIsDownFailsEveryRequestOfTheRound() {
        try (KeyLookups lookups = new KeyLookups(store)) {
            store.setDown(true);
            assertThatThrownBy(() -> lookups.find(new IdempotencyKey("k-" + UUID.randomUUID())))
                    .isInstanceOf(DependencyUnavailableException.class);
            store.setDown(false);
            assertThat(lookups.find(new IdempotencyKey("k-" + UUID.randomUUID()))).isEmpty();
        }
    }

    @Test
    @Timeout(30)  // without the bound, find() never returns: fail, not hang
    void aStoreThatAnswersNothingFailsItsAskersAfterTheWaitInsteadOfHoldingThem() {
        CountedReads reads = new CountedReads(store);  // not released while asked: a frozen PostgreSQL
        try (KeyLookups lookups = new KeyLookups(reads, Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> lookups.find(new IdempotencyKey("k-" + UUID.randomUUID())))
                    .isInstanceOf(DependencyUnavailableException.class);
            assertThatThrownBy(() -> lookups.findAsync(new IdempotencyKey("k-" + UUID.randomUUID())).join())
                    .hasCauseInstanceOf(DependencyUnavailableException.class);
            reads.release.countDown();
            assertThat(lookups.find(new IdempotencyKey("k-" + UUID.randomUUID()))).as("answered again once the store is").isEmpty();
        }
    }
}
