package io.github.wallet.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.wallet.application.port.DependencyUnavailableException;
import io.github.wallet.application.port.in.ChainVerification;
import io.github.wallet.application.port.out.StoredEntry;
import io.github.wallet.application.testing.DelegatingWalletReads;
import io.github.wallet.application.testing.InMemoryWalletStore;
import io.github.wallet.application.testing.Wallets;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A verification holds a database connection for its whole walk (a cursor over the wallet's
 * entries), and a wallet may have millions: a few at once could take the pool the workers commit
 * with. At most {@link ChainVerifier#WALKS_AT_ONCE} walk at a time; another waits a while for its
 * turn, then is refused (503) rather than take a connection the writes need.
 */
class VerificationsAtOnceTest {

    @Test
    void atMostAFewWalksRunAtOnceAndTheNextIsRefusedAfterItsWait() throws Exception {
        InMemoryWalletStore store = new InMemoryWalletStore();
        WalletId wallet = Wallets.open(store);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger walking = new AtomicInteger();
        DelegatingWalletReads slowReads = new DelegatingWalletReads(store) {
            @Override
            public Optional<WalletSnapshot> readChain(WalletId walletId, Consumer<StoredEntry> consumer) {
                walking.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.readChain(walletId, consumer);
            }
        };
        ChainVerifier verifier = new ChainVerifier(slowReads, Duration.ofMillis(200));
        List<CompletableFuture<Optional<ChainVerification>>> running = new ArrayList<>();
        for (int i = 0; i < ChainVerifier.WALKS_AT_ONCE; i++) {
            running.add(CompletableFuture.supplyAsync(() -> verifier.verify(wallet), runnable -> Thread.ofVirtual().start(runnable)));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> walking.get() == ChainVerifier.WALKS_AT_ONCE);

        assertThatThrownBy(() -> verifier.verify(wallet)).isInstanceOf(DependencyUnavailableException.class);
        assertThat(walking.get()).as("the refused one never reached the store").isEqualTo(ChainVerifier.WALKS_AT_ONCE);

        release.countDown();
        for (CompletableFuture<Optional<ChainVerification>> walk : running) {
            assertThat(walk.get().orElseThrow().valid()).isTrue();
        }
        assertThat(verifier.verify(wallet).orElseThrow().valid()).as("a turn is free again").isTrue();
    }
}
