package io.github.wallet.adapter.out.postgres;

import io.github.wallet.application.port.Webhook;
import io.github.wallet.application.port.WebhookDelivery;
import io.github.wallet.application.port.out.WebhookStore;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.wallet.WalletId;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Webhooks, their progress along the feed and their delivery log, on PostgreSQL.
 */
final class PostgresWebhookStore implements WebhookStore {

    private static final String COLUMNS = "webhook_id, url, event_types, wallet_ids, secret, status, created_at, position, consecutive_failures";
    private static final String DELIVERY_COLUMNS = "webhook_id, position, attempt, event_id, status, response_status, error, attempted_at, next_attempt_at";

    private final Jdbi jdbi;

    PostgresWebhookStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A keyed registration whose key is stored already inserts nothing (the partial unique index of V13). */
    @Override
    public Optional<KeyTaken> create(Webhook webhook, Optional<IdempotencyKey> key, String fingerprint) {
        return StoreFailures.translate(() -> jdbi.withHandle(h -> {
            // Twice at most: the webhook holding the key may be deleted between the insert and the read.
            for (int tries = 0; tries < 2; tries++) {
                if (insert(h, webhook, key, fingerprint) == 1) {
                    return Optional.<KeyTaken>empty();
                }
                Optional<KeyTaken> taken = findByKey(h, key.orElseThrow());
                if (taken.isPresent()) {
                    return taken;
                }
            }
            throw new IllegalStateException("the webhook holding key " + key.orElseThrow().value() + " went twice while registering another");
        }));
    }

    @Override
    public Optional<KeyTaken> findByKey(IdempotencyKey key) {
        return StoreFailures.translate(() -> jdbi.withHandle(h -> findByKey(h, key)));
    }

    private static Optional<KeyTaken> findByKey(Handle h, IdempotencyKey key) {
        return h.createQuery("select " + COLUMNS + ", request_fingerprint from webhook where idempotency_key = :key")
                .bind("key", key.value())
                .map((rs, ctx) -> new KeyTaken(webhook(rs), rs.getString("request_fingerprint"))).findOne();
    }

    private static int insert(Handle h, Webhook webhook, Optional<IdempotencyKey> key, String fingerprint) {
        return h.createUpdate("insert into webhook (" + COLUMNS + ", idempotency_key, request_fingerprint) values (:id, :url, :types, :wallets, "
                        + ":secret, :status, :createdAt, :position, 0, :key, :fingerprint)"
                        + " on conflict (idempotency_key) where idempotency_key is not null do nothing")
                .bind("key", key.map(IdempotencyKey::value).orElse(null))
                .bind("fingerprint", key.isPresent() ? fingerprint : null)
                .bind("id", webhook.id())
                .bind("url", webhook.url())
                .bindArray("types", String.class, List.copyOf(webhook.eventTypes()))
                .bindArray("wallets", UUID.class, webhook.walletIds().stream().map(WalletId::value).toList())
                .bind("secret", webhook.secret())
                .bind("status", webhook.status().name())
                .bind("createdAt", OffsetDateTime.ofInstant(webhook.createdAt(), ZoneOffset.UTC))
                .bind("position", webhook.position())
                .execute();
    }

    @Override
    public Optional<Webhook> find(UUID webhookId) {
        return StoreFailures.translate(() -> jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from webhook where webhook_id = :id")
                .bind("id", webhookId).map((rs, ctx) -> webhook(rs)).findOne()));
    }

    @Override
    public boolean delete(UUID webhookId) {
        return StoreFailures.translate(() -> jdbi.withHandle(h -> h.createUpdate("delete from webhook where webhook_id = :id")
                .bind("id", webhookId).execute())) == 1;
    }

    @Override
    public List<Webhook> enabled() {
        return StoreFailures.translate(() -> jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from webhook where status = 'ENABLED'")
                .map((rs, ctx) -> webhook(rs)).list()));
    }

    /** Taken when free or expired, renewed when ours; PostgreSQL's clock decides, so instances' clocks need not agree. */
    @Override
    public boolean lease(UUID webhookId, String owner, Duration time) {
        return StoreFailures.translate(() -> jdbi.withHandle(h -> h.createUpdate("update webhook set lease_owner = :owner,"
                        + " lease_until = now() + make_interval(secs => :seconds) where webhook_id = :id and status = 'ENABLED'"
                        + " and (lease_until is null or lease_until < now() or lease_owner = :owner)")
                .bind("owner", owner).bind("seconds", time.toMillis() / 1000.0).bind("id", webhookId).execute())) == 1;
    }

    @Override
    public void record(WebhookDelivery delivery, boolean moveOn) {
        boolean success = delivery.status() == WebhookDelivery.Status.SUCCEEDED;
        StoreFailures.translate(() -> jdbi.inTransaction(h -> {
            h.createUpdate("insert into webhook_delivery (" + DELIVERY_COLUMNS + ") values (:id, :position, :attempt, :eventId, :status,"
                            + " :responseStatus, :error, :attemptedAt, :nextAttemptAt) on conflict do nothing")
                    .bind("id", delivery.webhookId())
                    .bind("position", delivery.position())
                    .bind("attempt", delivery.attempt())
                    .bind("eventId", delivery.eventId().value())
                    .bind("status", delivery.status().name())
                    .bind("responseStatus", delivery.responseStatus().isPresent() ? delivery.responseStatus().getAsInt() : null)
                    .bind("error", delivery.error().orElse(null))
                    .bind("attemptedAt", OffsetDateTime.ofInstant(delivery.attemptedAt(), ZoneOffset.UTC))
                    .bind("nextAttemptAt", delivery.nextAttemptAt().map(at -> OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).orElse(null))
                    .execute();
            h.createUpdate("update webhook set consecutive_failures = case when :success then 0 else consecutive_failures + 1 end,"
                            + " position = case when :moveOn then greatest(position, :position) else position end where webhook_id = :id")
                    .bind("success", success).bind("moveOn", success || moveOn).bind("position", delivery.position()).bind("id", delivery.webhookId())
                    .execute();
            return null;
        }));
    }

    @Override
    public void skipTo(UUID webhookId, long position) {
        StoreFailures.translate(() -> jdbi.withHandle(h -> h.createUpdate("update webhook set position = greatest(position, :position) where webhook_id = :id")
                .bind("position", position).bind("id", webhookId).execute()));
    }

    @Override
    public void disable(UUID webhookId) {
        StoreFailures.translate(() -> jdbi.withHandle(h -> h.createUpdate("update webhook set status = 'DISABLED', lease_owner = null, lease_until = null"
                + " where webhook_id = :id").bind("id", webhookId).execute()));
    }

    @Override
    public Optional<WebhookDelivery> lastAttempt(UUID webhookId, long position) {
        return StoreFailures.translate(() -> jdbi.withHandle(h -> h.createQuery("select " + DELIVERY_COLUMNS + " from webhook_delivery"
                        + " where webhook_id = :id and position = :position order by attempt desc limit 1")
                .bind("id", webhookId).bind("position", position).map((rs, ctx) -> delivery(rs)).findOne()));
    }

    @Override
    public Optional<WebhookDelivery> firstAttempt(UUID webhookId, long position) {
        return StoreFailures.translate(() -> jdbi.withHandle(h -> h.createQuery("select " + DELIVERY_COLUMNS + " from webhook_delivery"
                        + " where webhook_id = :id and position = :position order by attempt limit 1")
                .bind("id", webhookId).bind("position", position).map((rs, ctx) -> delivery(rs)).findOne()));
    }

    @Override
    public List<WebhookDelivery> deliveries(UUID webhookId, int limit, Optional<long[]> before) {
        return StoreFailures.translate(() -> jdbi.withHandle(h -> h.createQuery("select " + DELIVERY_COLUMNS + " from webhook_delivery"
                        + " where webhook_id = :id and (position, attempt) < (:position, :attempt) order by position desc, attempt desc limit :limit")
                .bind("id", webhookId)
                .bind("position", before.map(b -> b[0]).orElse(Long.MAX_VALUE))
                .bind("attempt", before.map(b -> (int) b[1]).orElse(Integer.MAX_VALUE))
                .bind("limit", limit)
                .map((rs, ctx) -> delivery(rs)).list()));
    }

    private static Webhook webhook(ResultSet rs) throws SQLException {
        return new Webhook(rs.getObject("webhook_id", UUID.class), rs.getString("url"),
                Set.of((String[]) array(rs.getArray("event_types"))),
                Arrays.stream((UUID[]) array(rs.getArray("wallet_ids"))).map(WalletId::new).collect(Collectors.toSet()),
                rs.getString("secret"), Webhook.Status.valueOf(rs.getString("status")),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getLong("position"), rs.getInt("consecutive_failures"));
    }

    private static Object[] array(Array array) throws SQLException {
        return (Object[]) array.getArray();
    }

    private static WebhookDelivery delivery(ResultSet rs) throws SQLException {
        int status = rs.getInt("response_status");
        OptionalInt responseStatus = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(status);
        OffsetDateTime next = rs.getObject("next_attempt_at", OffsetDateTime.class);
        return new WebhookDelivery(rs.getObject("webhook_id", UUID.class), rs.getLong("position"), new OperationId(rs.getObject("event_id", UUID.class)),
                rs.getInt("attempt"), WebhookDelivery.Status.valueOf(rs.getString("status")), responseStatus, Optional.ofNullable(rs.getString("error")),
                rs.getObject("attempted_at", OffsetDateTime.class).toInstant(), Optional.ofNullable(next).map(OffsetDateTime::toInstant));
    }
}
