package io.github.wallet.application.port;

import java.time.Duration;

/**
 * The queue's shard for the operation is at its capacity: nothing was queued and no key was
 * claimed, so publishing the same operation again later is safe. Writes wait a moment for room
 * before they answer 503 (see SubmitOperationService).
 */
public final class QueueFullException extends DependencyUnavailableException {

    public QueueFullException(int shard, Duration retryAfter) {
        super("queue", "shard " + shard + " is full", retryAfter);
    }
}
