package io.github.wallet.application.inprocess;

import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.testing.OperationQueueContract;

class InProcessOperationQueueTest extends OperationQueueContract {

    @Override
    protected OperationQueue queue(int shards, int capacityPerShard) {
        return new InProcessOperationQueue(shards, shards * capacityPerShard);
    }
}
