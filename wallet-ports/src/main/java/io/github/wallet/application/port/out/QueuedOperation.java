package io.github.wallet.application.port.out;

import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.RequestFingerprint;
import java.util.Objects;
import java.util.Optional;

/**
 * An operation on its way through the queue: the pending operation, when the client gave one its
 * idempotency key with the fingerprint of the request, and where to send the outcome.
 *
 * @param replyTo the {@link OutcomeBus#replyAddress()} of the instance holding the request
 */
public record QueuedOperation(OperationRecord.Pending operation, Optional<IdempotencyKey> idempotencyKey,
                              RequestFingerprint fingerprint, String replyTo) {

    /** The reply address of a queue that lives and dies with its only instance. */
    public static final String LOCAL = "local";

    public QueuedOperation {
        Objects.requireNonNull(operation, "'operation' must not be null");
        Objects.requireNonNull(fingerprint, "'fingerprint' must not be null");
        Objects.requireNonNull(replyTo, "'replyTo' must not be null");
        idempotencyKey = idempotencyKey == null ? Optional.empty() : idempotencyKey;
    }
}
