package io.github.wallet.application.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.port.QueueFullException;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.testing.OperationQueueContract;
import io.github.wallet.application.testing.Operations;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.wallet.WalletId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InProcessOperationQueueTest extends OperationQueueContract {

    @Override
    protected OperationQueue queue(int shards, int capacityPerShard) {
        return new InProcessOperationQueue(shards, shards * capacityPerShard);
    }

    /**
     * Requests with one key racing on a full queue: each is refused (a 503 its client retries), so
     * none may ever be seen holding the key. A request that saw it held would join an operation that
     * never exists (its 202 would point at a 404 for good).
     */
    @Test
    void aKeyIsNeverSeenHeldByAnOperationTheFullQueueRefused() throws InterruptedException {
        OperationQueue queue = queue(1, 1);
        WalletId wallet = new WalletId(UUID.randomUUID());
        queue.publish(Operations.deposit(wallet, 1));  // the only place taken
        Set<OperationId> refused = ConcurrentHashMap.newKeySet();
        Set<OperationId> seenHolding = ConcurrentHashMap.newKeySet();
        AtomicInteger queued = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> racers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            racers.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    QueuedOperation operation = Operations.withKey(Operations.deposit(wallet, 2), "one-key");
                    try {
                        if (queue.publish(operation) instanceof OperationQueue.Publication.KeyHeld held) {
                            seenHolding.add(held.holder());
                        } else {
                            queued.incrementAndGet();
                        }
                    } catch (QueueFullException full) {
                        refused.add(operation.operation().id());
                    }
                }
            }));
        }
        go.countDown();
        for (Thread racer : racers) {
            racer.join();
        }
        assertThat(queued).as("the queue was full throughout").hasValue(0);
        assertThat(refused).hasSize(4 * 20_000);
        assertThat(seenHolding).as("operations seen holding the key, all of them refused").isEmpty();
    }

    /**
     * Publishes racing the start of a stop: every publish answered "queued" must be in the ring for
     * the workers' last look after stopping began (what is put there later, no worker takes: a 202
     * that is never committed). Many rounds, since the window is a few instructions wide.
     */
    @Test
    void nothingIsAcceptedThatTheWorkersLastLookAfterStoppingMisses() throws InterruptedException {
        WalletId wallet = new WalletId(UUID.randomUUID());
        for (int round = 0; round < 300; round++) {
            InProcessOperationQueue queue = new InProcessOperationQueue(1, 1_000_000);
            Set<OperationId> accepted = ConcurrentHashMap.newKeySet();
            CountDownLatch publishing = new CountDownLatch(2);
            List<Thread> publishers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                publishers.add(Thread.ofPlatform().start(() -> {
                    publishing.countDown();
                    while (true) {
                        QueuedOperation operation = Operations.deposit(wallet, 1);
                        try {
                            queue.publish(operation);
                            accepted.add(operation.operation().id());
                        } catch (RuntimeException refused) {
                            return;
                        }
                    }
                }));
            }
            publishing.await();
            queue.stopAccepting();
            Set<OperationId> taken = new java.util.HashSet<>();
            for (var batch = queue.take(0, 100_000, java.time.Duration.ofMillis(1)); !batch.isEmpty();
                 batch = queue.take(0, 100_000, java.time.Duration.ofMillis(1))) {
                batch.operations().forEach(operation -> taken.add(operation.operation().id()));
            }
            for (Thread publisher : publishers) {
                publisher.join();
            }
            assertThat(queue.take(0, 100_000, java.time.Duration.ofMillis(1)).operations()).as("round %d: queued after the last look", round).isEmpty();
            assertThat(taken).as("round %d: every accepted publish is taken", round).containsAll(accepted);
        }
    }
}
