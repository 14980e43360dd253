package io.github.wallet.application.port;

import io.github.wallet.domain.operation.OperationId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * One attempt to deliver one event to one webhook.
 *
 * @param nextAttemptAt when it is tried again, for a failure that will be
 */
public record WebhookDelivery(UUID webhookId, long position, OperationId eventId, int attempt, Status status, OptionalInt responseStatus,
                              Optional<String> error, Instant attemptedAt, Optional<Instant> nextAttemptAt) {

    /** SUCCEEDED: a 2xx; FAILED: anything else (retried while nextAttemptAt is set); PENDING: not yet tried. */
    public enum Status { SUCCEEDED, FAILED, PENDING }

    public WebhookDelivery {
        Objects.requireNonNull(webhookId, "'webhookId' must not be null");
        Objects.requireNonNull(eventId, "'eventId' must not be null");
        Objects.requireNonNull(status, "'status' must not be null");
        responseStatus = responseStatus == null ? OptionalInt.empty() : responseStatus;
        error = error == null ? Optional.empty() : error;
        Objects.requireNonNull(attemptedAt, "'attemptedAt' must not be null");
        nextAttemptAt = nextAttemptAt == null ? Optional.empty() : nextAttemptAt;
    }
}
