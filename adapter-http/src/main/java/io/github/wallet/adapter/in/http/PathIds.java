package io.github.wallet.adapter.in.http;

import io.undertow.server.HttpServerExchange;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads UUIDs (from the path, and the pattern for bodies), strictly: {@link UUID#fromString} alone would take "1-1-1-1-1".
 */
final class PathIds {

    static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final String UUID_EXPECTATION = "a UUID like 3fa85f64-5717-4562-b3fc-2c963f66afa6";

    private PathIds() {
    }

    static UUID uuid(HttpServerExchange exchange, String name) {
        String text = Router.pathParameter(exchange, name);
        if (text == null || !UUID_TEXT.matcher(text).matches()) {
            throw InvalidRequestException.ofFields(List.of(new FieldError(name, "must be " + UUID_EXPECTATION)));
        }
        return UUID.fromString(text);
    }
}
