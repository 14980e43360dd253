package io.github.wallet.adapter.in.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Once the server is stopping, answers each new request 503 problem+json with {@code Retry-After}
 * (CONTRACT.md §5: every error is problem+json, and a 503 says when to retry), so a client or load
 * balancer retries elsewhere. It stands in front of Undertow's graceful-shutdown handler, which
 * would answer a bare 503; that one still counts the requests in flight.
 */
final class StoppingGate implements HttpHandler {

    private final HttpHandler next;
    private final Exchanges exchanges;
    private volatile boolean stopping;

    StoppingGate(HttpHandler next, Exchanges exchanges) {
        this.next = next;
        this.exchanges = exchanges;
    }

    void stop() {
        stopping = true;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!stopping) {
            next.handleRequest(exchange);
            return;
        }
        exchange.setPersistent(false);
        exchange.getResponseHeaders().put(Exchanges.RETRY_AFTER, 1);
        exchanges.sendProblem(exchange, Problem.of(ProblemCode.SERVICE_UNAVAILABLE,
                "The server is stopping; retry, another instance will answer.", exchange.getRequestPath()));
    }
}
