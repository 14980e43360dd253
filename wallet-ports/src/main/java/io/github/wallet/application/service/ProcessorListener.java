package io.github.wallet.application.service;

import io.github.wallet.application.port.Settlement;
import java.util.List;

/**
 * What the batching worker tells the outside about its work: metrics and logs hook in here.
 */
public interface ProcessorListener {

    /** A batch was committed in {@code applyNanos}. */
    default void batchCommitted(int shard, List<Settlement> settlements, long applyNanos) {
    }

    /** A batch failed to commit; it will be tried again after {@code retryInMillis}. */
    default void batchFailed(int shard, int size, RuntimeException failure, long retryInMillis) {
    }

    ProcessorListener NONE = new ProcessorListener() {
    };
}
