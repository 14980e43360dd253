package io.github.wallet.adapter.in.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code GET /health/ready}: 200 when every dependency answers, else 503 naming what is down.
 */
final class HealthHandler implements HttpHandler {

    private final Supplier<Map<String, Boolean>> readiness;
    private final Exchanges exchanges;

    HealthHandler(Supplier<Map<String, Boolean>> readiness, Exchanges exchanges) {
        this.readiness = readiness;
        this.exchanges = exchanges;
    }

    /** The readiness answer's body. */
    record Health(String status, Map<String, String> checks) {
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        exchanges.blocking(exchange, ex -> {
            Map<String, String> checks = new TreeMap<>();
            boolean up = true;
            for (Map.Entry<String, Boolean> check : readiness.get().entrySet()) {
                checks.put(check.getKey(), check.getValue() ? "UP" : "DOWN");
                up &= check.getValue();
            }
            if (!up) {
                ex.getResponseHeaders().put(Exchanges.RETRY_AFTER, 1);
            }
            exchanges.sendJson(ex, up ? 200 : 503, new Health(up ? "UP" : "DOWN", checks));
        });
    }
}
