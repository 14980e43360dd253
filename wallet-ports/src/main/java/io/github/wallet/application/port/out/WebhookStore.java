package io.github.wallet.application.port.out;

import io.github.wallet.application.port.Webhook;
import io.github.wallet.application.port.WebhookDelivery;
import io.github.wallet.domain.operation.IdempotencyKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where webhooks, their progress along the feed and their delivery log are kept.
 */
public interface WebhookStore {

    /**
     * Stores a new webhook, with the registration's key and fingerprint when it has a key; when
     * that key is stored already, stores nothing and answers what is stored under it.
     */
    Optional<KeyTaken> create(Webhook webhook, Optional<IdempotencyKey> key, String fingerprint);

    /** What a registration's key is stored with, if it is. */
    Optional<KeyTaken> findByKey(IdempotencyKey key);

    /** The webhook a registration's key made, and the fingerprint of that registration. */
    record KeyTaken(Webhook webhook, String fingerprint) {
    }

    Optional<Webhook> find(UUID webhookId);

    /** Whether there was one to delete. */
    boolean delete(UUID webhookId);

    List<Webhook> enabled();

    /** Takes or renews the webhook's delivery lease for {@code owner}; false while another holds it. */
    boolean lease(UUID webhookId, String owner, Duration time);

    /** Records an attempt; on a success or when the event is given up, moves the webhook past it. */
    void record(WebhookDelivery delivery, boolean moveOn);

    /** Moves a webhook past events it does not want. */
    void skipTo(UUID webhookId, long position);

    void disable(UUID webhookId);

    /** The latest attempt at the event at {@code position}, if any. */
    Optional<WebhookDelivery> lastAttempt(UUID webhookId, long position);

    /** The first attempt at the event at {@code position}, if any: its retries are counted from it. */
    Optional<WebhookDelivery> firstAttempt(UUID webhookId, long position);

    /** The delivery log, newest first, older than {@code before} (position, attempt) if given. */
    List<WebhookDelivery> deliveries(UUID webhookId, int limit, Optional<long[]> before);
}
