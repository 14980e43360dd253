package io.github.wallet.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.wallet.DebitCounters;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletLimits;
import io.github.wallet.domain.wallet.WalletSnapshot;
import io.github.wallet.domain.wallet.WalletStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Balances from memory must never go back: snapshots of one wallet offered in any order, by
 * several threads at once (two shards writing one wallet, a read-through racing a commit), leave
 * the newest, and a reader never sees an older one after a newer one.
 */
class WalletSnapshotCacheTest {

    private static final Instant AT = Instant.parse("2026-11-29T00:00:00Z");

    /** The wallet after {@code version} writes, its balance equal to its version (so a reader can tell which it saw). */
    private static WalletSnapshot version(WalletId id, long version) {
        return new WalletSnapshot(id, new CurrencyCode("EUR"), new Money(version), 0, WalletLimits.NONE, WalletStatus.ACTIVE,
                DebitCounters.NONE, Wallet.CHAIN_START, AT, AT, version);
    }

    @Test
    void offersInAnyOrderFromSeveralThreadsLeaveTheNewestAndReadsNeverGoBack() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 50; round++) {
            WalletSnapshotCache cache = new WalletSnapshotCache(1_000);
            List<WalletId> wallets = new ArrayList<>();
            for (int w = 0; w < 1 + random.nextInt(4); w++) {
                wallets.add(new WalletId(new UUID(random.nextLong(), random.nextLong())));
            }
            int versions = 50 + random.nextInt(200);
            List<WalletSnapshot> offers = new ArrayList<>();
            for (WalletId wallet : wallets) {
                for (long v = 0; v <= versions; v++) {
                    offers.add(version(wallet, v));
                }
            }
            Collections.shuffle(offers, random);
            int writers = 2 + random.nextInt(3);
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean writing = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> wentBack = new ConcurrentLinkedQueue<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                long[] seen = new long[wallets.size()];
                java.util.Arrays.fill(seen, -1);
                while (writing.get()) {
                    for (int w = 0; w < wallets.size(); w++) {
                        long now = cache.get(wallets.get(w)).map(WalletSnapshot::version).orElse(-1L);
                        if (now < seen[w]) {
                            wentBack.add(wallets.get(w) + ": " + seen[w] + " then " + now);
                        }
                        seen[w] = Math.max(seen[w], now);
                    }
                }
            });
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < writers; t++) {
                List<WalletSnapshot> mine = offers.subList(t * offers.size() / writers, (t + 1) * offers.size() / writers);
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    mine.forEach(cache::offer);
                }));
            }
            start.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            writing.set(false);
            reader.join();

            assertThat(wentBack).as("seed " + seed + ", round " + round + ": a read went back").isEmpty();
            for (WalletId wallet : wallets) {
                assertThat(cache.get(wallet)).as("seed " + seed + ", round " + round).contains(version(wallet, versions));
            }
        }
    }

    @Test
    void aFullCacheKeepsUpdatingWhatItHoldsAndLeavesOtherWalletsToTheStore() {
        WalletSnapshotCache cache = new WalletSnapshotCache(2);
        WalletId a = new WalletId(UUID.randomUUID());
        WalletId b = new WalletId(UUID.randomUUID());
        WalletId c = new WalletId(UUID.randomUUID());
        cache.offer(version(a, 1));
        cache.offer(version(b, 1));
        cache.offer(version(c, 1));
        cache.offer(version(a, 2));
        cache.offer(version(b, 0));

        assertThat(cache.get(a)).contains(version(a, 2));
        assertThat(cache.get(b)).as("an older snapshot never replaces a newer one").contains(version(b, 1));
        assertThat(cache.get(c)).as("no room: read from the store").isEmpty();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void aCacheOfNoWalletsKeepsNothing() {
        WalletSnapshotCache cache = WalletSnapshotCache.off();
        WalletId a = new WalletId(UUID.randomUUID());
        cache.offer(version(a, 3));
        assertThat(cache.get(a)).isEmpty();
    }
}
