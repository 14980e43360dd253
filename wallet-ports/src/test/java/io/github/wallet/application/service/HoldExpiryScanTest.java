package io.github.wallet.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.inprocess.InProcessOperationQueue;
import io.github.wallet.application.inprocess.InProcessOutcomeBus;
import io.github.wallet.application.port.out.BatchWrites;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.testing.DelegatingOperationQueue;
import io.github.wallet.application.testing.InMemoryWalletStore;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.operation.Hold;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The expiry scan reads past the due holds it may not queue: those on shards another instance
 * owns, whose owner is behind. They once took the scan's whole page, so this instance's own due
 * holds waited for the other's backlog, far beyond the second §7 allows.
 */
class HoldExpiryScanTest {

    private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");

    /** Two shards; this instance owns only the second. */
    private static final class HalfOwnedQueue extends DelegatingOperationQueue {
        HalfOwnedQueue() {
            super(new InProcessOperationQueue(2, 100_000));
        }

        @Override
        public boolean ownsShard(int shard) {
            return shard == 1;
        }
    }

    private static WalletId walletOnShard(int shard) {
        while (true) {
            WalletId id = new WalletId(UUID.randomUUID());
            if (OperationQueue.shardOf(id.value(), 2) == shard) {
                return id;
            }
        }
    }

    private final InMemoryWalletStore store = new InMemoryWalletStore();
    private final HalfOwnedQueue queue = new HalfOwnedQueue();
    private final HoldExpiryScanner scanner = new HoldExpiryScanner(store, queue, new InProcessOutcomeBus(), () -> NOW,
            new RuleSettings(java.time.ZoneOffset.UTC, Duration.ofDays(7), Duration.ofMillis(500)));

    /**
     * {@code theirs} due holds on the shard another instance owns, fallen due first (their owner is
     * behind), so they come first in expiry order; then one due hold on this instance's shard.
     */
    private Hold dueHoldsBehind(int theirs) {
        WalletId other = walletOnShard(0);
        List<Hold> holds = new ArrayList<>();
        for (int i = 0; i < theirs; i++) {
            holds.add(Hold.placed(new OperationId(UUID.randomUUID()), other, Optional.empty(), new Amount(1),
                    NOW.minusSeconds(3_600).plusMillis(i), NOW.minusSeconds(7_200)));
        }
        Hold own = Hold.placed(new OperationId(UUID.randomUUID()), walletOnShard(1), Optional.empty(), new Amount(1), NOW.minusSeconds(1),
                NOW.minusSeconds(60));
        holds.add(own);
        store.inTransaction(tx -> {
            tx.write(new BatchWrites(NOW, List.of(), List.of(), List.of(), holds, List.of()));
            return null;
        });
        return own;
    }

    @Test
    void ownDueHoldsAreQueuedBehindAThousandTheOtherInstanceOwes() {
        Hold own = dueHoldsBehind(2_500);

        assertThat(scanner.scan()).isEqualTo(1);
        assertThat(queue.findPending(Operation.HoldExpiry.idFor(own.id()))).isPresent();
    }

    /** A backlog longer than a scan reads: the next scan goes on where this one stopped, and finds its own hold there. */
    @Test
    void aScanGoesOnWhereTheLastStopped() {
        Hold own = dueHoldsBehind(5_500);

        assertThat(scanner.scan()).as("five pages of others' holds").isZero();
        assertThat(scanner.scan()).as("the rest, and its own").isEqualTo(1);
        assertThat(queue.findPending(Operation.HoldExpiry.idFor(own.id()))).isPresent();
    }
}
