package io.github.wallet.adapter.in.http;

import io.undertow.server.HttpHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One method on one path template such as {@code /api/v1/wallets/{walletId}}.
 */
record Route(String method, String template, HttpHandler handler) {

    /** The template's path parameters, or null when the path does not fit it. */
    Map<String, String> match(String[] segments) {
        String[] parts = parts(template);
        if (parts.length != segments.length) {
            return null;
        }
        Map<String, String> parameters = null;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.startsWith("{") && part.endsWith("}")) {
                if (segments[i].isEmpty()) {
                    return null;
                }
                if (parameters == null) {
                    parameters = new java.util.HashMap<>(2);
                }
                parameters.put(part.substring(1, part.length() - 1), segments[i]);
            } else if (!part.equals(segments[i])) {
                return null;
            }
        }
        return parameters == null ? Map.of() : parameters;
    }

    static String[] parts(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/", -1)) {
            parts.add(part);
        }
        if (!parts.isEmpty() && parts.get(0).isEmpty()) {
            parts.remove(0);
        }
        return parts.toArray(String[]::new);
    }
}
