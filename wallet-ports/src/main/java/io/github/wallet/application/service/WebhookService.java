package io.github.wallet.application.service;

import io.github.wallet.application.port.Webhook;
import io.github.wallet.application.port.WebhookDelivery;
import io.github.wallet.application.port.in.WebhooksUseCase;
import io.github.wallet.application.port.out.EventFeed;
import io.github.wallet.application.port.out.IdGenerator;
import io.github.wallet.application.port.out.TimeSource;
import io.github.wallet.application.port.out.WebhookSender;
import io.github.wallet.application.port.out.WebhookStore;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.github.wallet.domain.wallet.WalletId;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Registers, reads and deletes webhooks. A new webhook starts at the feed's current end, with a
 * generated secret (32 random bytes) shown once.
 */
public final class WebhookService implements WebhooksUseCase {

    private final WebhookStore store;
    private final WebhookSender sender;
    private final EventFeed feed;
    private final TimeSource time;
    private final IdGenerator ids;
    private final SecureRandom random = new SecureRandom();

    public WebhookService(WebhookStore store, WebhookSender sender, EventFeed feed, TimeSource time, IdGenerator ids) {
        this.store = store;
        this.sender = sender;
        this.feed = feed;
        this.time = time;
        this.ids = ids;
    }

    @Override
    public Registration register(String url, Set<String> eventTypes, Set<WalletId> walletIds, Optional<IdempotencyKey> key) {
        RequestFingerprint fingerprint = RequestFingerprint.ofWebhookRegistration(url, eventTypes, walletIds);
        // A retry answers what its key registered before anything else is looked at (its host may resolve elsewhere by now).
        Optional<Registration> replay = key.flatMap(store::findByKey).map(taken -> answer(taken, fingerprint, key.get()));
        if (replay.isPresent()) {
            return replay.get();
        }
        Optional<String> refusal = sender.refusal(url);
        if (refusal.isPresent()) {
            return new Registration.UrlRefused(refusal.get());
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        Webhook webhook = new Webhook(ids.newId(), url, eventTypes, walletIds, "whsec_" + HexFormat.of().formatHex(secret), Webhook.Status.ENABLED,
                time.now(), feed.end(), 0);
        return store.create(webhook, key, fingerprint.value())
                .map(taken -> answer(taken, fingerprint, key.orElseThrow()))
                .orElseGet(() -> new Registration.Registered(webhook, false));
    }

    /** A key's webhook answers a registration that asked the same; another is 422. */
    private static Registration answer(WebhookStore.KeyTaken taken, RequestFingerprint fingerprint, IdempotencyKey key) {
        return taken.fingerprint().equals(fingerprint.value()) ? new Registration.Registered(taken.webhook(), true) : new Registration.KeyReused(key);
    }

    @Override
    public Optional<Webhook> get(UUID webhookId) {
        return store.find(webhookId);
    }

    @Override
    public boolean delete(UUID webhookId) {
        return store.delete(webhookId);
    }

    @Override
    public Optional<List<WebhookDelivery>> deliveries(UUID webhookId, int limit, Optional<long[]> before) {
        if (store.find(webhookId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(store.deliveries(webhookId, limit, before));
    }
}
