package io.github.wallet.adapter.in.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Optional;
import java.util.Set;

/**
 * Guards {@code /api/v1}: {@code Authorization: Bearer <key>}; GET needs {@code read}, anything
 * else {@code write}. Health, metrics and the API document stay open (probes and scrapers).
 * 401 without a known key, 403 with a key that lacks the scope.
 */
final class AccessControl implements HttpHandler {

    /** Methods that change nothing (RFC 9110 §9.2.1): a read key may send them. */
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final ApiKeys keys;
    private final HttpHandler next;
    private final Exchanges exchanges;

    AccessControl(ApiKeys keys, HttpHandler next, Exchanges exchanges) {
        this.keys = keys;
        this.next = next;
        this.exchanges = exchanges;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (keys.isOpen() || !exchange.getRelativePath().startsWith("/api/")) {
            next.handleRequest(exchange);
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        Optional<Set<ApiKeys.Scope>> scopes = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? keys.scopesOf(authorization.substring(7).trim())
                : Optional.empty();
        if (scopes.isEmpty()) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"wallet\"");
            exchanges.sendProblem(exchange, Problem.of(ProblemCode.UNAUTHORIZED,
                    "Send a valid API key as 'Authorization: Bearer <key>'.", exchange.getRequestPath()));
            return;
        }
        ApiKeys.Scope needed = READ_METHODS.contains(exchange.getRequestMethod().toString()) ? ApiKeys.Scope.READ : ApiKeys.Scope.WRITE;
        if (!scopes.get().contains(needed)) {
            exchanges.sendProblem(exchange, Problem.of(ProblemCode.FORBIDDEN,
                    "This API key may not " + needed.name().toLowerCase(java.util.Locale.ROOT) + ".", exchange.getRequestPath()));
            return;
        }
        next.handleRequest(exchange);
    }
}
