package io.github.wallet.adapter.in.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds the handler for a request; answers 404 for an unknown path and 405 with {@code Allow}
 * for a known path and a wrong method.
 */
final class Router implements HttpHandler {

    static final AttachmentKey<Map<String, String>> PATH_PARAMETERS = AttachmentKey.create(Map.class);

    private final List<Route> routes = new ArrayList<>();
    private final Exchanges exchanges;

    Router(Exchanges exchanges) {
        this.exchanges = exchanges;
    }

    Router add(String method, String template, HttpHandler handler) {
        routes.add(new Route(method, template, handler));
        return this;
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }

    static String pathParameter(HttpServerExchange exchange, String name) {
        return exchange.getAttachment(PATH_PARAMETERS).get(name);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String[] segments = Route.parts(exchange.getRelativePath());
        String method = exchange.getRequestMethod().toString();
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> parameters = route.match(segments);
            if (parameters == null) {
                continue;
            }
            // HEAD is GET without the body (RFC 9110 §9.3.2): Undertow drops what the GET handler writes.
            if (route.method().equals(method) || (method.equals("HEAD") && route.method().equals("GET"))) {
                exchange.putAttachment(PATH_PARAMETERS, parameters);
                exchange.putAttachment(RequestTracking.ROUTE, route.template());
                route.handler().handleRequest(exchange);
                return;
            }
            allowed.add(route.method());
            if (route.method().equals("GET")) {
                allowed.add("HEAD");
            }
        }
        if (allowed.isEmpty()) {
            exchanges.sendProblem(exchange, Problem.of(ProblemCode.NOT_FOUND, "There is no resource at " + exchange.getRequestPath() + ".", exchange.getRequestPath()));
            return;
        }
        exchange.getResponseHeaders().put(Headers.ALLOW, String.join(", ", allowed));
        exchanges.sendProblem(exchange, Problem.of(ProblemCode.METHOD_NOT_ALLOWED,
                method + " is not allowed on " + exchange.getRequestPath() + "; allowed: " + String.join(", ", allowed) + ".", exchange.getRequestPath()));
    }
}
