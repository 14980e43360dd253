package io.github.wallet.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How webhooks are delivered.
 *
 * @param retryBase   the first pause after a failed attempt; it doubles (±20 % jitter) up to an hour
 * @param maxFailures consecutive failed attempts that disable a webhook when it gives up an event
 *                    (so never before {@code giveUpAfter})
 * @param giveUpAfter how long an event is retried, from its first attempt, before it is marked failed and skipped
 * @param lease       how long an instance holds a webhook's delivery before another may take it
 * @param poll        how often each instance looks for work
 * @param instanceId  this instance's name, the lease owner
 */
public record WebhookSettings(Duration retryBase, int maxFailures, Duration giveUpAfter, Duration lease, Duration poll, String instanceId) {

    public static final Duration RETRY_MAX = Duration.ofHours(1);

    public WebhookSettings {
        Objects.requireNonNull(retryBase, "'retryBase' must not be null");
        Objects.requireNonNull(giveUpAfter, "'giveUpAfter' must not be null");
        Objects.requireNonNull(lease, "'lease' must not be null");
        Objects.requireNonNull(poll, "'poll' must not be null");
        Objects.requireNonNull(instanceId, "'instanceId' must not be null");
        if (maxFailures < 1) {
            throw new IllegalArgumentException("'maxFailures' must be >= 1, was " + maxFailures);
        }
    }

    public static WebhookSettings defaults(String instanceId) {
        return new WebhookSettings(Duration.ofSeconds(1), 20, Duration.ofHours(24), Duration.ofSeconds(10), Duration.ofMillis(200), instanceId);
    }
}
