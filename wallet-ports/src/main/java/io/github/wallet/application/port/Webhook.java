package io.github.wallet.application.port;

import io.github.wallet.domain.wallet.WalletId;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A subscription to the event feed.
 *
 * @param url                 where events are POSTed (an absolute URL, checked by the sender)
 * @param eventTypes          the event types it wants; empty: all
 * @param walletIds           the wallets it wants events of; empty: all
 * @param secret              the key its requests are signed with
 * @param position            the feed position delivered (or given up) up to
 * @param consecutiveFailures failed attempts since the last success
 */
public record Webhook(UUID id, String url, Set<String> eventTypes, Set<WalletId> walletIds, String secret, Status status, Instant createdAt,
                      long position, int consecutiveFailures) {

    /** Whether deliveries go out. */
    public enum Status { ENABLED, DISABLED }

    public Webhook {
        Objects.requireNonNull(id, "'id' must not be null");
        Objects.requireNonNull(url, "'url' must not be null");
        eventTypes = Set.copyOf(eventTypes);
        walletIds = Set.copyOf(walletIds);
        Objects.requireNonNull(secret, "'secret' must not be null");
        Objects.requireNonNull(status, "'status' must not be null");
        Objects.requireNonNull(createdAt, "'createdAt' must not be null");
    }

    /** Whether it wants this event. */
    public boolean wants(OperationEvent event) {
        return (eventTypes.isEmpty() || eventTypes.contains(event.type()))
                && (walletIds.isEmpty() || event.wallets().stream().anyMatch(w -> walletIds.contains(w.walletId())));
    }
}
