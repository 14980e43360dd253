package io.github.wallet.adapter.in.http;

import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Refuses request framing that HTTP/1.1 (RFC 9112 §6) calls broken, before any handler reads a
 * body: answered at once, then the connection is closed, since nothing after such headers can be
 * trusted to be where a request starts.
 *
 * <p>Undertow (2.4) itself answers a bare 400 (no body) and closes, before any handler runs, for
 * both {@code Content-Length} and {@code Transfer-Encoding}, more than one line of either, and a
 * {@code Content-Length} that is not a number; and it closes the connection at once, without an
 * answer, on a malformed chunk while a body is read. What it lets through is caught here: it
 * reads any {@code Transfer-Encoding} but {@code identity} as chunked and {@code identity} as
 * "until the connection closes", so a {@code Transfer-Encoding: gzip} body was parsed as chunks
 * and the request hung.
 *
 * <ul>
 *   <li>400: a {@code Transfer-Encoding} whose last coding is not {@code chunked}, that names
 *       {@code chunked} twice or no coding at all, or that comes in HTTP/1.0 (§6.1);</li>
 *   <li>415: valid framing with another coding before {@code chunked} ({@code gzip, chunked}):
 *       this server decodes no transfer coding but chunked, and does not guess;</li>
 *   <li>a GET with a body: Undertow never reads a GET's body, so it would be parsed as the next
 *       request; the GET is answered and the connection closed instead.</li>
 * </ul>
 */
final class HttpFraming implements HttpHandler {

    private static final String CHUNKED = "chunked";

    private final HttpHandler next;
    private final Exchanges exchanges;

    HttpFraming(HttpHandler next, Exchanges exchanges) {
        this.next = next;
        this.exchanges = exchanges;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderValues transferEncoding = exchange.getRequestHeaders().get(Headers.TRANSFER_ENCODING);
        if (transferEncoding != null) {
            if (!exchange.isHttp11()) {
                refuse(exchange, ProblemCode.INVALID_REQUEST, "Transfer-Encoding is not allowed in " + exchange.getProtocol() + " (RFC 9112 §6.1).");
                return;
            }
            List<String> codings = codings(transferEncoding);
            if (codings.isEmpty() || !codings.getLast().equals(CHUNKED) || codings.indexOf(CHUNKED) != codings.size() - 1) {
                refuse(exchange, ProblemCode.INVALID_REQUEST, "The last transfer coding must be chunked, and only the last (RFC 9112 §6.1); it was '"
                        + String.join(", ", transferEncoding) + "'.");
                return;
            }
            if (codings.size() > 1) {
                refuse(exchange, ProblemCode.UNSUPPORTED_MEDIA_TYPE, "No transfer coding but chunked is supported; send the JSON body as it is, was '"
                        + String.join(", ", transferEncoding) + "'.");
                return;
            }
        }
        if (exchange.getRequestMethod().equals(Methods.GET) && (transferEncoding != null || exchange.getRequestContentLength() > 0)) {
            exchange.setPersistent(false);
        }
        next.handleRequest(exchange);
    }

    /**
     * Answers without reading the body: the request is marked complete (so Undertow does not try
     * to drain a body whose end it cannot know, which is what hung) and the connection is closed
     * once the answer is out.
     */
    private void refuse(HttpServerExchange exchange, ProblemCode code, String detail) {
        exchange.setPersistent(false);
        Connectors.terminateRequest(exchange);
        exchanges.sendProblem(exchange, Problem.of(code, detail, exchange.getRequestPath()));
    }

    /** The codings in order, lower case, without parameters; empty list elements are ignored (RFC 9110 §5.6.1). */
    private static List<String> codings(HeaderValues values) {
        List<String> codings = new ArrayList<>(2);
        for (String value : values) {
            for (String element : value.split(",", -1)) {
                int parameters = element.indexOf(';');
                String coding = (parameters < 0 ? element : element.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
                if (!coding.isEmpty()) {
                    codings.add(coding);
                }
            }
        }
        return codings;
    }
}
