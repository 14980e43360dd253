package io.github.wallet.application.port.in;

import io.github.wallet.application.port.Webhook;
import io.github.wallet.application.port.WebhookDelivery;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.wallet.WalletId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Subscriptions to the event feed, delivered as signed HTTP requests (CONTRACT.md §9).
 */
public interface WebhooksUseCase {

    /**
     * Registers a webhook from the feed's current end; its secret is in the answer (and only there).
     * With a key already used for the same registration, answers that webhook (replayed); for
     * another, {@link Registration.KeyReused}.
     */
    Registration register(String url, Set<String> eventTypes, Set<WalletId> walletIds, Optional<IdempotencyKey> key);

    Optional<Webhook> get(UUID webhookId);

    boolean delete(UUID webhookId);

    /** The delivery log, newest first; empty when there is no such webhook. */
    Optional<List<WebhookDelivery>> deliveries(UUID webhookId, int limit, Optional<long[]> before);

    /** How a registration went. */
    sealed interface Registration {
        record Registered(Webhook webhook, boolean replayed) implements Registration {
        }

        /** The key was used before for a different registration: nothing was registered. */
        record KeyReused(IdempotencyKey key) implements Registration {
        }

        /** The URL may not be called (not https, or a private, loopback, link-local or metadata address). */
        record UrlRefused(String reason) implements Registration {
        }
    }
}
