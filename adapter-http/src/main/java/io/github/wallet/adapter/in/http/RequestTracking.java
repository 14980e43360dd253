package io.github.wallet.adapter.in.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every request an id (the client's {@code X-Request-Id} when it is sane, else a new one),
 * echoes it, puts it in the logging context of the request's log lines, and reports the answered
 * request to the {@link HttpListener}.
 */
final class RequestTracking implements HttpHandler {

    static final HttpString REQUEST_ID = new HttpString("X-Request-Id");
    static final AttachmentKey<String> ID = AttachmentKey.create(String.class);
    static final AttachmentKey<String> ROUTE = AttachmentKey.create(String.class);
    static final String MDC_KEY = "requestId";

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final HttpHandler next;
    private final HttpListener listener;

    RequestTracking(HttpHandler next, HttpListener listener) {
        this.next = next;
        this.listener = listener;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long started = System.nanoTime();
        String given = exchange.getRequestHeaders().getFirst(REQUEST_ID);
        String id = given != null && SANE.matcher(given).matches() ? given : newId();
        exchange.putAttachment(ID, id);
        exchange.getResponseHeaders().put(REQUEST_ID, id);
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            String route = ex.getAttachment(ROUTE);
            listener.requestCompleted(methodLabel(ex.getRequestMethod().toString()), route == null ? "unmatched" : route, ex.getStatusCode(),
                    System.nanoTime() - started);
            nextListener.proceed();
        });
        MDC.put(MDC_KEY, id);
        try {
            next.handleRequest(exchange);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /**
     * A random (version 4) UUID. A request id correlates log lines; it guards nothing, so it needs
     * to be unique, not unguessable: {@link UUID#randomUUID()}'s shared SecureRandom (one lock for
     * every I/O thread) was 2-3 % of the hot path's CPU samples.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private static final java.util.Set<String> METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

    /** The method as a metrics label: any client can send any method, and each label value is a series of its own. */
    static String methodLabel(String method) {
        return METHODS.contains(method) ? method : "OTHER";
    }
}
