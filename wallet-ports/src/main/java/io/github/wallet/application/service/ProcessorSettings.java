package io.github.wallet.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How the batching worker behaves.
 *
 * @param batchSizeMax  the most operations committed in one PostgreSQL transaction (1 disables batching)
 * @param pollWait      how long a shard's worker waits for work before looking again (bounds shutdown time);
 *                      at least a millisecond: a Redis read blocks in whole milliseconds, and 0 would be "for ever"
 * @param retryDelayMin the first pause after a failed commit (above zero); it doubles up to {@code retryDelayMax}
 * @param retryDelayMax the longest pause between two tries of a failed commit (at least {@code retryDelayMin})
 * @param drainWait     at shutdown, how long to keep committing what is queued before giving up (zero: not at all)
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
        if (pollWait.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("'pollWait' must be at least 1 ms (a Redis read blocks in whole milliseconds, 0 is for ever), was "
                    + pollWait);
        }
        if (!retryDelayMin.isPositive()) {
            throw new IllegalArgumentException("'retryDelayMin' must be above zero, was " + retryDelayMin);
        }
        if (retryDelayMax.compareTo(retryDelayMin) < 0) {
            throw new IllegalArgumentException("'retryDelayMax' must be at least 'retryDelayMin' (" + retryDelayMin + "), was " + retryDelayMax);
        }
        if (drainWait.isNegative()) {
            throw new IllegalArgumentException("'drainWait' must not be negative, was " + drainWait);
        }
    }

    public static ProcessorSettings defaults() {
        return new ProcessorSettings(WalletDefaults.BATCH_SIZE_MAX, Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    public ProcessorSettings withBatchSizeMax(int value) {
        return new ProcessorSettings(value, pollWait, retryDelayMin, retryDelayMax, drainWait);
    }
}
