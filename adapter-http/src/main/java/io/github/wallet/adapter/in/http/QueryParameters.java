package io.github.wallet.adapter.in.http;

import io.github.wallet.application.port.in.ListOperationsQuery;
import io.undertow.server.HttpServerExchange;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a request's query parameters for the list routes, collecting every problem (a parameter
 * given twice, a value out of range) so that the client learns all of them at once.
 */
final class QueryParameters {

    static final int LIMIT_DEFAULT = 50;

    private final HttpServerExchange exchange;
    private final List<FieldError> errors;

    QueryParameters(HttpServerExchange exchange, List<FieldError> errors) {
        this.exchange = exchange;
        this.errors = errors;
    }

    /** {@code limit}: 1 to {@link ListOperationsQuery#LIMIT_MAX}, default {@link #LIMIT_DEFAULT}. */
    int limit() {
        return limit(LIMIT_DEFAULT, ListOperationsQuery.LIMIT_MAX);
    }

    /** {@code limit}: 1 to {@code max}, {@code fallback} when absent. */
    int limit(int fallback, int max) {
        String text = single("limit");
        if (text == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, like any other bad value
        }
        errors.add(new FieldError("limit", "must be an integer from 1 to " + max));
        return fallback;
    }

    /** A parameter matching {@code pattern}; {@code expectation} completes "must be …". */
    Optional<String> text(String name, Pattern pattern, String expectation) {
        String text = single(name);
        if (text == null) {
            return Optional.empty();
        }
        if (!pattern.matcher(text).matches()) {
            errors.add(new FieldError(name, "must be " + expectation));
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /** The parameter's one value, null when absent; given twice is a problem. */
    String single(String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            errors.add(new FieldError(name, "must be given once"));
            return null;
        }
        return values.getFirst();
    }
}
