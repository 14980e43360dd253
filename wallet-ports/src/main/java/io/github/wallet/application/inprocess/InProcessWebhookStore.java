package io.github.wallet.application.inprocess;

import io.github.wallet.application.port.Webhook;
import io.github.wallet.application.port.WebhookDelivery;
import io.github.wallet.application.port.out.WebhookStore;
import io.github.wallet.domain.operation.IdempotencyKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Webhooks kept in memory, for a core embedded without a store of its own for them: one process,
 * so the lease is always this one's. PostgreSQL keeps them for the server.
 */
public final class InProcessWebhookStore implements WebhookStore {

    private final Map<UUID, Webhook> webhooks = new LinkedHashMap<>();
    private final Map<IdempotencyKey, KeyedRegistration> keys = new java.util.HashMap<>();
    private final List<WebhookDelivery> log = new ArrayList<>();

    @Override
    public synchronized Optional<KeyTaken> create(Webhook webhook, Optional<IdempotencyKey> key, String fingerprint) {
        if (key.isPresent()) {
            KeyedRegistration taken = keys.get(key.get());
            if (taken != null && webhooks.containsKey(taken.webhookId())) {
                return Optional.of(new KeyTaken(webhooks.get(taken.webhookId()), taken.fingerprint()));
            }
            keys.put(key.get(), new KeyedRegistration(webhook.id(), fingerprint));
        }
        webhooks.put(webhook.id(), webhook);
        return Optional.empty();
    }

    @Override
    public synchronized Optional<KeyTaken> findByKey(IdempotencyKey key) {
        KeyedRegistration taken = keys.get(key);
        return taken == null || !webhooks.containsKey(taken.webhookId())
                ? Optional.empty() : Optional.of(new KeyTaken(webhooks.get(taken.webhookId()), taken.fingerprint()));
    }

    private record KeyedRegistration(UUID webhookId, String fingerprint) {
    }

    @Override
    public synchronized Optional<Webhook> find(UUID webhookId) {
        return Optional.ofNullable(webhooks.get(webhookId));
    }

    @Override
    public synchronized boolean delete(UUID webhookId) {
        log.removeIf(d -> d.webhookId().equals(webhookId));
        return webhooks.remove(webhookId) != null;
    }

    @Override
    public synchronized List<Webhook> enabled() {
        return webhooks.values().stream().filter(w -> w.status() == Webhook.Status.ENABLED).toList();
    }

    @Override
    public synchronized boolean lease(UUID webhookId, String owner, Duration time) {
        return webhooks.containsKey(webhookId);
    }

    @Override
    public synchronized void record(WebhookDelivery delivery, boolean moveOn) {
        log.add(delivery);
        webhooks.computeIfPresent(delivery.webhookId(), (id, w) -> {
            boolean success = delivery.status() == WebhookDelivery.Status.SUCCEEDED;
            long position = success || moveOn ? Math.max(w.position(), delivery.position()) : w.position();
            return new Webhook(id, w.url(), w.eventTypes(), w.walletIds(), w.secret(), w.status(), w.createdAt(), position,
                    success ? 0 : w.consecutiveFailures() + 1);
        });
    }

    @Override
    public synchronized void skipTo(UUID webhookId, long position) {
        webhooks.computeIfPresent(webhookId, (id, w) -> new Webhook(id, w.url(), w.eventTypes(), w.walletIds(), w.secret(), w.status(),
                w.createdAt(), Math.max(w.position(), position), w.consecutiveFailures()));
    }

    @Override
    public synchronized void disable(UUID webhookId) {
        webhooks.computeIfPresent(webhookId, (id, w) -> new Webhook(id, w.url(), w.eventTypes(), w.walletIds(), w.secret(),
                Webhook.Status.DISABLED, w.createdAt(), w.position(), w.consecutiveFailures()));
    }

    @Override
    public synchronized Optional<WebhookDelivery> lastAttempt(UUID webhookId, long position) {
        return log.stream().filter(d -> d.webhookId().equals(webhookId) && d.position() == position)
                .max(Comparator.comparingInt(WebhookDelivery::attempt));
    }

    @Override
    public synchronized Optional<WebhookDelivery> firstAttempt(UUID webhookId, long position) {
        return log.stream().filter(d -> d.webhookId().equals(webhookId) && d.position() == position)
                .min(Comparator.comparingInt(WebhookDelivery::attempt));
    }

    @Override
    public synchronized List<WebhookDelivery> deliveries(UUID webhookId, int limit, Optional<long[]> before) {
        Comparator<WebhookDelivery> newestFirst = Comparator.comparingLong(WebhookDelivery::position)
                .thenComparingInt(WebhookDelivery::attempt).reversed();
        return log.stream().filter(d -> d.webhookId().equals(webhookId))
                .filter(d -> before.map(b -> d.position() < b[0] || (d.position() == b[0] && d.attempt() < b[1])).orElse(true))
                .sorted(newestFirst).limit(limit).toList();
    }
}
