package io.github.wallet.application.testing;

import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.domain.operation.OperationId;
import java.time.Duration;
import java.util.Optional;

/** A real queue, passed through: a test overrides what it plays differently (which shards it owns, whether it keeps entries). */
public class DelegatingOperationQueue implements OperationQueue {

    private final OperationQueue queue;

    public DelegatingOperationQueue(OperationQueue queue) {
        this.queue = queue;
    }

    @Override
    public int shardCount() {
        return queue.shardCount();
    }

    @Override
    public Publication publish(QueuedOperation operation) {
        return queue.publish(operation);
    }

    @Override
    public Optional<QueuedOperation> findPending(OperationId operationId) {
        return queue.findPending(operationId);
    }

    @Override
    public Batch take(int shard, int sizeMax, Duration wait) throws InterruptedException {
        return queue.take(shard, sizeMax, wait);
    }

    @Override
    public void acknowledge(Batch batch) {
        queue.acknowledge(batch);
    }

    @Override
    public boolean ownsShard(int shard) {
        return queue.ownsShard(shard);
    }

    @Override
    public long depth(int shard) {
        return queue.depth(shard);
    }

    @Override
    public boolean isAvailable() {
        return queue.isAvailable();
    }

    @Override
    public void stopAccepting() {
        queue.stopAccepting();
    }

    @Override
    public boolean keepsEntriesWithoutThisProcess() {
        return queue.keepsEntriesWithoutThisProcess();
    }

    @Override
    public void close() {
        queue.close();
    }
}
