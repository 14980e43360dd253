package io.github.wallet.application.port.out;

import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.OperationStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * An operation on its way through the queue: the pending operation and, when the client gave
 * one, its idempotency key with the fingerprint of the request.
 */
public record QueuedOperation(OperationRecord operation, Optional<IdempotencyKey> idempotencyKey, String fingerprint) {
    public QueuedOperation {
        Objects.requireNonNull(operation, "'operation' must not be null");
        Objects.requireNonNull(fingerprint, "'fingerprint' must not be null");
        idempotencyKey = idempotencyKey == null ? Optional.empty() : idempotencyKey;
        if (operation.status() != OperationStatus.PENDING) {
            throw new IllegalArgumentException("'operation' must be pending, was " + operation.status());
        }
    }
}
