package io.github.wallet.adapter.in.http;

import io.github.wallet.domain.operation.IdempotencyKey;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code Idempotency-Key} header: at most one, 1 to 255 visible ASCII characters.
 */
final class IdempotencyKeys {

    private IdempotencyKeys() {
    }

    static Optional<IdempotencyKey> of(HttpServerExchange exchange) {
        HeaderValues values = exchange.getRequestHeaders().get(Exchanges.IDEMPOTENCY_KEY);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw invalid("must be sent once, was sent " + values.size() + " times");
        }
        String value = values.getFirst();
        if (!IdempotencyKey.isValid(value)) {
            throw invalid("must be 1 to " + IdempotencyKey.LENGTH_MAX + " visible ASCII characters");
        }
        return Optional.of(new IdempotencyKey(value));
    }

    private static InvalidRequestException invalid(String message) {
        return InvalidRequestException.ofFields(List.of(new FieldError("Idempotency-Key", message)));
    }
}
