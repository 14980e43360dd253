package io.github.wallet.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How the batching worker behaves.
 *
 * @param batchSizeMax  the most operations committed in one PostgreSQL transaction (1 disables batching)
 * @param pollWait      how long a shard's worker waits for work before looking again (bounds shutdown time)
 * @param retryDelayMin the first pause after a failed commit; it doubles up to {@code retryDelayMax}
 * @param drainWait     at shutdown, how long to keep committing what is queued before giving up
 */
public record ProcessorSettings(int batchSizeMax, Duration pollWait, Duration retryDelayMin, Duration retryDelayMax, Duration drainWait) {

    public ProcessorSettings {
        if (batchSizeMax < 1) {
            throw new IllegalArgumentException("'batchSizeMax' must be >= 1, was " + batchSizeMax);
        }
        Objects.requireNonNull(pollWait, "'pollWait' must not be null");
        Objects.requireNonNull(retryDelayMin, "'retryDelayMin' must not be null");
        Objects.requireNonNull(retryDelayMax, "'retryDelayMax' must not be null");
        Objects.requireNonNull(drainWait, "'drainWait' must not be null");
    }

    public static ProcessorSettings defaults() {
        return new ProcessorSettings(WalletDefaults.BATCH_SIZE_MAX, Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    public ProcessorSettings withBatchSizeMax(int value) {
        return new ProcessorSettings(value, pollWait, retryDelayMin, retryDelayMax, drainWait);
    }
}
