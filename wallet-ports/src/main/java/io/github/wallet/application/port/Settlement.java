package io.github.wallet.application.port;

import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationRecord;
import java.util.Objects;

/**
 * How a queued operation ended once its batch committed: decided (by the ledger, now or earlier
 * for a retry), or refused because its idempotency key belongs to a different request.
 */
public sealed interface Settlement permits Settlement.Committed, Settlement.KeyReused {

    /** The same settlement, stamped with how long its batch took to apply. */
    default Settlement timed(long applyMicros) {
        return this instanceof Committed committed ? new Committed(committed.operation(), applyMicros) : this;
    }

    /** Decided and committed; {@code applyMicros} is how long its batch took (for Server-Timing), 0 for a replay. */
    record Committed(OperationRecord.Decided operation, long applyMicros) implements Settlement {
        public Committed {
            Objects.requireNonNull(operation, "'operation' must not be null");
        }
    }

    /** The key was taken by a request with another body; this one had no effect. */
    record KeyReused(IdempotencyKey key) implements Settlement {
        public KeyReused {
            Objects.requireNonNull(key, "'key' must not be null");
        }
    }
}
