package io.github.wallet.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wallet.application.port.Webhook;
import io.github.wallet.application.port.WebhookDelivery;
import io.github.wallet.application.port.in.WebhooksUseCase;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.wallet.WalletId;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The routes of webhooks (CONTRACT.md §9): register (the answer shows the secret, once), read,
 * delete, and the delivery log.
 */
final class WebhookHandlers {

    private static final Set<String> FIELDS = Set.of("url", "eventTypes", "walletIds");
    private static final Set<String> EVENT_TYPES = Set.of("operation.completed", "operation.rejected");
    private static final int WALLET_IDS_MAX = 1000;

    private final WebhooksUseCase webhooks;
    private final Exchanges exchanges;

    WebhookHandlers(WebhooksUseCase webhooks, Exchanges exchanges) {
        this.webhooks = webhooks;
        this.exchanges = exchanges;
    }

    /** {@code POST /api/v1/webhooks}. */
    HttpHandler register() {
        return exchange -> exchanges.withJsonBody(exchange, (ex, body) -> {
            Optional<IdempotencyKey> key = IdempotencyKeys.of(ex);
            ObjectNode object = exchanges.codec().readObject(body, false);
            JsonFields fields = new JsonFields(object, FIELDS);
            Optional<String> urlText = fields.text("url", true, java.util.regex.Pattern.compile("\\S{1,2048}"), "an absolute https URL");
            URI url = null;
            if (urlText.isPresent()) {
                try {
                    url = new URI(urlText.get());
                    if (!url.isAbsolute()) {
                        fields.fail("url", "must be an absolute URL");
                    }
                } catch (URISyntaxException e) {
                    fields.fail("url", "is not a URL: " + e.getReason());
                }
            }
            Set<String> eventTypes = new LinkedHashSet<>();
            Set<WalletId> walletIds = new LinkedHashSet<>();
            strings(object.get("eventTypes"), "eventTypes", fields).forEach(type -> {
                if (EVENT_TYPES.contains(type)) {
                    eventTypes.add(type);
                } else {
                    fields.fail("eventTypes", "must hold operation.completed or operation.rejected, had '" + type + "'");
                }
            });
            List<String> wallets = strings(object.get("walletIds"), "walletIds", fields);
            if (wallets.size() > WALLET_IDS_MAX) {
                fields.fail("walletIds", "may name at most " + WALLET_IDS_MAX + " wallets");
            }
            for (String wallet : wallets) {
                if (PathIds.UUID_TEXT.matcher(wallet).matches()) {
                    walletIds.add(new WalletId(UUID.fromString(wallet)));
                } else {
                    fields.fail("walletIds", "must hold UUIDs, had '" + wallet + "'");
                }
            }
            fields.validate();
            switch (webhooks.register(url.toString(), eventTypes, walletIds, key)) {
                case WebhooksUseCase.Registration.Registered registered -> {
                    ex.getResponseHeaders().put(Headers.LOCATION, "/api/v1/webhooks/" + registered.webhook().id());
                    if (registered.replayed()) {
                        ex.getResponseHeaders().put(Exchanges.IDEMPOTENT_REPLAYED, "true");
                    }
                    exchanges.sendJson(ex, 201, WebhookResponse.of(registered.webhook(), true));
                }
                case WebhooksUseCase.Registration.KeyReused reused -> exchanges.sendProblem(ex, Problem.of(ProblemCode.IDEMPOTENCY_KEY_REUSED,
                        "Idempotency-Key '" + reused.key().value() + "' was used before with a different request.", ex.getRequestPath()));
                case WebhooksUseCase.Registration.UrlRefused refused -> throw InvalidRequestException.ofFields(
                        List.of(new FieldError("url", "is refused: " + refused.reason())));
            }
        });
    }

    /** {@code GET /api/v1/webhooks/{webhookId}}. */
    HttpHandler get() {
        return exchange -> exchanges.blocking(exchange, ex -> {
            UUID id = PathIds.uuid(ex, "webhookId");
            webhooks.get(id).ifPresentOrElse(
                    webhook -> exchanges.sendJson(ex, 200, WebhookResponse.of(webhook, false)),
                    () -> notFound(ex, id));
        });
    }

    /** {@code DELETE /api/v1/webhooks/{webhookId}}. */
    HttpHandler delete() {
        return exchange -> exchanges.blocking(exchange, ex -> {
            UUID id = PathIds.uuid(ex, "webhookId");
            if (webhooks.delete(id)) {
                exchanges.send(ex, 204, Exchanges.JSON, new byte[0]);
            } else {
                notFound(ex, id);
            }
        });
    }

    /** {@code GET /api/v1/webhooks/{webhookId}/deliveries?limit=&cursor=}. */
    HttpHandler deliveries() {
        return exchange -> exchanges.blocking(exchange, ex -> {
            UUID id = PathIds.uuid(ex, "webhookId");
            List<FieldError> errors = new ArrayList<>();
            QueryParameters query = new QueryParameters(ex, errors);
            int limit = query.limit();
            String cursor = query.single("cursor");  // once: a repeated cursor is reported once
            Optional<long[]> before = Optional.ofNullable(cursor).flatMap(WebhookHandlers::decode);
            if (cursor != null && before.isEmpty()) {
                errors.add(new FieldError("cursor", "must be a nextCursor from an earlier page"));
            }
            if (!errors.isEmpty()) {
                throw InvalidRequestException.ofFields(errors);
            }
            webhooks.deliveries(id, limit + 1, before).ifPresentOrElse(found -> {
                boolean more = found.size() > limit;
                List<WebhookDelivery> page = more ? found.subList(0, limit) : found;
                String next = more ? encode(page.getLast()) : null;
                exchanges.sendJson(ex, 200, new DeliveryPage(page.stream().map(DeliveryResponse::of).toList(), next));
            }, () -> notFound(ex, id));
        });
    }

    private void notFound(io.undertow.server.HttpServerExchange exchange, UUID id) {
        exchanges.sendProblem(exchange, Problem.of(ProblemCode.NOT_FOUND, "There is no webhook " + id + ".", exchange.getRequestPath()));
    }

    private static List<String> strings(JsonNode node, String field, JsonFields fields) {
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            fields.fail(field, "must be an array of strings, was " + JsonCodec.describe(node));
            return values;
        }
        for (JsonNode item : node) {
            if (item.isTextual()) {
                values.add(item.textValue());
            } else {
                fields.fail(field, "must hold strings, had " + JsonCodec.describe(item));
            }
        }
        return values;
    }

    private static String encode(WebhookDelivery delivery) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("d1:" + delivery.position() + ":" + delivery.attempt())
                .getBytes(StandardCharsets.US_ASCII));
    }

    private static Optional<long[]> decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            String[] parts = text.split(":");
            if (parts.length != 3 || !parts[0].equals("d1")) {
                return Optional.empty();
            }
            long position = Long.parseLong(parts[1]);
            int attempt = Integer.parseInt(parts[2]);
            // Only what encode() makes: a position in the feed and an attempt's number (from 1).
            return position < 0 || attempt < 1 ? Optional.empty() : Optional.of(new long[]{position, attempt});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A webhook as the API shows it; the secret only in the answer to its registration. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record WebhookResponse(String webhookId, String url, List<String> eventTypes, List<String> walletIds, String status, Instant createdAt,
                           String secret) {
        static WebhookResponse of(Webhook webhook, boolean withSecret) {
            return new WebhookResponse(webhook.id().toString(), webhook.url(), webhook.eventTypes().stream().sorted().toList(),
                    webhook.walletIds().stream().map(WalletId::toString).sorted().toList(), webhook.status().name(), webhook.createdAt(),
                    withSecret ? webhook.secret() : null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeliveryResponse(String eventId, int attempt, String status, Integer responseStatus, String error, Instant attemptedAt, Instant nextAttemptAt) {
        static DeliveryResponse of(WebhookDelivery delivery) {
            return new DeliveryResponse(delivery.eventId().toString(), delivery.attempt(), delivery.status().name(),
                    delivery.responseStatus().isPresent() ? delivery.responseStatus().getAsInt() : null, delivery.error().orElse(null),
                    delivery.attemptedAt(), delivery.nextAttemptAt().orElse(null));
        }
    }

    record DeliveryPage(List<DeliveryResponse> items, String nextCursor) {
    }
}
