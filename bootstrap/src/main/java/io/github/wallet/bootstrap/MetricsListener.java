package io.github.wallet.bootstrap;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.service.ProcessorListener;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the batching worker's reports into metrics (batch size, commit latency, outcomes) and
 * logs failed commits.
 */
final class MetricsListener implements ProcessorListener {

    private static final Logger log = LoggerFactory.getLogger(MetricsListener.class);

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Timer commitLatency;
    private final Counter failures;

    MetricsListener(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("wallet.batch.size").description("Operations committed per transaction")
                .publishPercentileHistogram().register(registry);
        this.commitLatency = Timer.builder("wallet.batch.commit").description("Time to apply and commit one batch")
                .publishPercentileHistogram().register(registry);
        this.failures = Counter.builder("wallet.batch.failures").description("Batches that failed to commit and were retried").register(registry);
    }

    @Override
    public void batchCommitted(int shard, List<Settlement> settlements, long applyNanos) {
        batchSize.record(settlements.size());
        commitLatency.record(applyNanos, TimeUnit.NANOSECONDS);
        for (Settlement settlement : settlements) {
            if (!(settlement instanceof Settlement.Committed committed)) {
                registry.counter("wallet.operations.key.reused").increment();
                continue;
            }
            OperationRecord.Decided operation = committed.operation();
            // Queue lag: from accepting the operation to committing it.
            queueLag(shard).record(java.time.Duration.between(operation.createdAt(), operation.decidedAt()).toNanos(), TimeUnit.NANOSECONDS);
            String outcome = switch (operation.outcome()) {
                case Outcome.Completed completed -> "COMPLETED";
                case Outcome.Rejected rejected -> rejected.reason().name();
                case Outcome.Failed failed -> "FAILED";
            };
            registry.counter("wallet.operations", "type", operation.type().name(), "outcome", outcome).increment();
            holdEvent(operation).ifPresent(event -> registry.counter("wallet.holds", "event", event).increment());
        }
    }

    /** A hold's step that took effect, by what happened to the hold. */
    private static java.util.Optional<String> holdEvent(OperationRecord.Decided operation) {
        if (!(operation.outcome() instanceof Outcome.Completed)) {
            return java.util.Optional.empty();
        }
        return switch (operation.type()) {
            case HOLD -> java.util.Optional.of("placed");
            case CAPTURE -> java.util.Optional.of("captured");
            case VOID -> java.util.Optional.of("voided");
            case EXPIRE -> java.util.Optional.of("expired");
            default -> java.util.Optional.empty();
        };
    }

    private Timer queueLag(int shard) {
        return Timer.builder("wallet.queue.lag").description("From accepting an operation to committing it")
                .tag("shard", Integer.toString(shard)).publishPercentileHistogram().register(registry);
    }

    @Override
    public void batchFailed(int shard, int size, RuntimeException failure, long retryInMillis) {
        failures.increment();
        log.warn("shard {}: a batch of {} failed to commit, retrying in {} ms: {}", shard, size, retryInMillis, failure.toString());
    }
}
