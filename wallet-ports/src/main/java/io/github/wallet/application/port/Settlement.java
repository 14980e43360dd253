package io.github.wallet.application.port;

import io.github.wallet.domain.operation.OperationRecord;
import java.util.Objects;

/**
 * A decided, committed operation, with how long its batch took to apply (for Server-Timing).
 */
public record Settlement(OperationRecord operation, long applyMicros) {
    public Settlement {
        Objects.requireNonNull(operation, "'operation' must not be null");
        if (!operation.isDecided()) {
            throw new IllegalArgumentException("'operation' must be decided, was " + operation.status());
        }
    }
}
