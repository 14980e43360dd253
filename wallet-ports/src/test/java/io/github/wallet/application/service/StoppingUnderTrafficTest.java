package io.github.wallet.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.inprocess.InProcessOperationQueue;
import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.in.CreateWalletCommand;
import io.github.wallet.application.port.in.CreateWalletResult;
import io.github.wallet.application.port.QueueFullException;
import io.github.wallet.application.testing.DelegatingOperationQueue;
import io.github.wallet.application.testing.InMemoryWalletStore;
import io.github.wallet.application.testing.Operations;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stopping instance whose shards never run empty, as on Redis where the other instances keep
 * queueing onto them: its workers stop all the same, and in time (a drain that waits for an empty
 * shard would never end, and the process would be killed with its leases still held). A queue
 * that keeps its entries without this process stops after the batch in flight; one that does not
 * drains for at most the drain wait.
 */
class StoppingUnderTrafficTest {

    private static final Duration DRAIN_WAIT = Duration.ofSeconds(2);

    /** The in-process queue, fed by another thread that never stops, as other instances feed a Redis stream. */
    private static final class EndlesslyFedQueue extends DelegatingOperationQueue {
        private final boolean keepsEntries;

        EndlesslyFedQueue(boolean keepsEntries) {
            super(new InProcessOperationQueue(1, 50_000));
            this.keepsEntries = keepsEntries;
        }

        @Override
        public void stopAccepting() {
            // As on Redis: the other instances go on queueing.
        }

        @Override
        public boolean keepsEntriesWithoutThisProcess() {
            return keepsEntries;
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void workersStopInTimeWhileOtherInstancesKeepQueueing(boolean keepsEntries) throws Exception {
        InMemoryWalletStore store = new InMemoryWalletStore();
        EndlesslyFedQueue queue = new EndlesslyFedQueue(keepsEntries);
        AtomicReference<Thread> worker = new AtomicReference<>();
        ProcessorListener listener = new ProcessorListener() {
            @Override
            public void batchCommitted(int shard, List<Settlement> settlements, long applyNanos) {
                worker.set(Thread.currentThread());
            }
        };
        WalletCore core = WalletCore.builder(store).queue(queue).listener(listener)
                .processorSettings(new ProcessorSettings(10, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(50), DRAIN_WAIT))
                .build().start();
        WalletId wallet = ((CreateWalletResult.Created) core.createWallet().create(CreateWalletCommand.withDefaults())).wallet().id();
        AtomicBoolean feeding = new AtomicBoolean(true);
        Thread otherInstances = Thread.ofPlatform().start(() -> {
            while (feeding.get()) {
                try {
                    queue.publish(Operations.deposit(wallet, 1));
                } catch (QueueFullException full) {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);   // not a spin: the worker needs the core
                }
            }
        });
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> worker.get() != null && queue.depth(0) > 100);

            long started = System.nanoTime();
            core.close();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(worker.get().isAlive()).as("the worker after close() returned").isFalse();
            assertThat(took).as("how long the stop took").isLessThan(keepsEntries ? DRAIN_WAIT : DRAIN_WAIT.plusSeconds(1));
        } finally {
            feeding.set(false);
            otherInstances.join();
        }
    }
}
