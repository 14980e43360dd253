package io.github.wallet.application.port.out;

import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.RequestFingerprint;
import java.util.Objects;
import java.util.Optional;

/**
 * A decided operation as the store keeps it: with the idempotency key and the fingerprint of the
 * request that queued it, so that a retry is told apart from a different request under that key.
 */
public record StoredOperation(OperationRecord.Decided operation, Optional<IdempotencyKey> idempotencyKey, RequestFingerprint fingerprint) {
    public StoredOperation {
        Objects.requireNonNull(operation, "'operation' must not be null");
        Objects.requireNonNull(fingerprint, "'fingerprint' must not be null");
        idempotencyKey = idempotencyKey == null ? Optional.empty() : idempotencyKey;
    }
}
