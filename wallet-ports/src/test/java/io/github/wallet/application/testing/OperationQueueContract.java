package io.github.wallet.application.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.wallet.application.port.DependencyUnavailableException;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link OperationQueue} must do; each implementation's test extends this.
 */
public abstract class OperationQueueContract {

    private static final Duration WAIT = Duration.ofMillis(50);

    /** A queue of this kind with {@code shards} shards of {@code capacityPerShard} each, whose every shard this instance consumes. */
    protected abstract OperationQueue queue(int shards, int capacityPerShard);

    /** Takes from the shard until {@code count} operations came (the queue may hand them over in several batches). */
    private static List<OperationQueue.Batch> takeAll(OperationQueue queue, int shard, int count) {
        List<OperationQueue.Batch> batches = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            OperationQueue.Batch batch = queue.take(shard, 1000, WAIT);
            if (!batch.isEmpty()) {
                batches.add(batch);
            }
            return batches.stream().mapToInt(OperationQueue.Batch::size).sum() >= count;
        });
        return batches;
    }

    private static WalletId walletOn(int shard, int shards) {
        while (true) {
            UUID id = UUID.randomUUID();
            if (OperationQueue.shardOf(id, shards) == shard) {
                return new WalletId(id);
            }
        }
    }

    @Test
    void operationsOfAShardComeOutInTheOrderTheyWereQueued() {
        OperationQueue queue = queue(2, 1000);
        WalletId wallet = walletOn(1, 2);
        List<QueuedOperation> published = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            QueuedOperation operation = i % 2 == 0 ? Operations.withdrawal(wallet, i) : Operations.deposit(wallet, i);
            assertThat(queue.publish(operation)).isEqualTo(new OperationQueue.Publication.Queued());
            published.add(operation);
        }
        List<QueuedOperation> taken = takeAll(queue, 1, 50).stream().flatMap(batch -> batch.operations().stream()).toList();
        assertThat(taken).containsExactlyElementsOf(published);
    }

    @Test
    void aFullShardRefusesAtOnce() {
        OperationQueue queue = queue(1, 3);
        WalletId wallet = walletOn(0, 1);
        for (int i = 0; i < 3; i++) {
            queue.publish(Operations.deposit(wallet, 1));
        }
        assertThatThrownBy(() -> queue.publish(Operations.deposit(wallet, 1)))
                .isInstanceOfSatisfying(DependencyUnavailableException.class, e -> assertThat(e.dependency()).isEqualTo("queue"));
    }

    @Test
    void aQueuedOperationIsPendingUntilItsBatchIsAcknowledged() {
        OperationQueue queue = queue(1, 100);
        QueuedOperation operation = Operations.transfer(walletOn(0, 1), walletOn(0, 1), 5);
        queue.publish(operation);
        assertThat(queue.findPending(operation.operation().id())).contains(operation);
        OperationQueue.Batch batch = takeAll(queue, 0, 1).getFirst();
        assertThat(queue.findPending(operation.operation().id())).as("taken, not yet committed").contains(operation);

        queue.acknowledge(batch);
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.findPending(operation.operation().id()).isEmpty());
    }

    @Test
    void anAcknowledgedBatchIsNotTakenAgain() throws InterruptedException {
        OperationQueue queue = queue(1, 100);
        WalletId wallet = walletOn(0, 1);
        queue.publish(Operations.deposit(wallet, 1));
        queue.publish(Operations.deposit(wallet, 2));
        takeAll(queue, 0, 2).forEach(queue::acknowledge);
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.depth(0) == 0);
        assertThat(queue.take(0, 100, WAIT).isEmpty()).isTrue();
    }

    @Test
    void aSecondOperationUnderAHeldKeyIsNotQueuedAndNamesTheHolder() throws InterruptedException {
        OperationQueue queue = queue(1, 100);
        QueuedOperation first = Operations.withKey(Operations.deposit(walletOn(0, 1), 3), "k-" + UUID.randomUUID());
        QueuedOperation retry = Operations.again(first);
        assertThat(queue.publish(first)).isEqualTo(new OperationQueue.Publication.Queued());
        assertThat(queue.publish(retry)).isEqualTo(new OperationQueue.Publication.KeyHeld(first.operation().id(), first.fingerprint()));
        assertThat(queue.findPending(retry.operation().id())).isEmpty();
        assertThat(takeAll(queue, 0, 1).getFirst().operations()).containsExactly(first);
        assertThat(queue.take(0, 100, WAIT).isEmpty()).isTrue();
    }

    @Test
    void anAcknowledgedOperationKeepsItsKeyForAWhileSoARetryFindsIt() {
        OperationQueue queue = queue(1, 100);
        QueuedOperation first = Operations.withKey(Operations.deposit(walletOn(0, 1), 3), "k-" + UUID.randomUUID());
        queue.publish(first);
        takeAll(queue, 0, 1).forEach(queue::acknowledge);
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.findPending(first.operation().id()).isEmpty());
        QueuedOperation retry = Operations.again(first);
        assertThat(queue.publish(retry)).isEqualTo(new OperationQueue.Publication.KeyHeld(first.operation().id(), first.fingerprint()));
        assertThat(queue.depth(0)).isZero();
    }

    @Test
    void aKeyRefusedForAFullShardIsNotHeld() {
        OperationQueue queue = queue(1, 1);
        WalletId wallet = walletOn(0, 1);
        queue.publish(Operations.deposit(wallet, 1));
        QueuedOperation keyed = Operations.withKey(Operations.deposit(wallet, 2), "k-" + UUID.randomUUID());
        assertThatThrownBy(() -> queue.publish(keyed)).isInstanceOf(DependencyUnavailableException.class);
        takeAll(queue, 0, 1).forEach(queue::acknowledge);
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.depth(0) == 0);
        assertThat(queue.publish(Operations.again(keyed))).isEqualTo(new OperationQueue.Publication.Queued());
    }

    @Test
    void amongConcurrentPublishesUnderOneKeyExactlyOneIsQueued() {
        OperationQueue queue = queue(1, 100);
        QueuedOperation first = Operations.withKey(Operations.deposit(walletOn(0, 1), 3), "k-" + UUID.randomUUID());
        List<OperationQueue.Publication> publications = IntStream.range(0, 16)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> queue.publish(Operations.again(first))))
                .toList().stream().map(CompletableFuture::join).toList();
        assertThat(publications).filteredOn(p -> p instanceof OperationQueue.Publication.Queued).hasSize(1);
        assertThat(publications).filteredOn(p -> p instanceof OperationQueue.Publication.KeyHeld).hasSize(15);
    }
}
