package io.github.wallet.adapter.in.http;

import io.github.wallet.application.port.DependencyUnavailableException;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * The plumbing every handler shares: reading a bounded JSON body, running work that may block off
 * the I/O threads, and answering with JSON or problem+json, whatever went wrong.
 */
final class Exchanges {

    static final String JSON = "application/json";
    static final String PROBLEM_JSON = "application/problem+json";
    static final HttpString IDEMPOTENCY_KEY = new HttpString("Idempotency-Key");
    static final HttpString IDEMPOTENT_REPLAYED = new HttpString("Idempotent-Replayed");
    static final HttpString SERVER_TIMING = new HttpString("Server-Timing");
    static final HttpString PREFER = new HttpString("Prefer");
    static final HttpString RETRY_AFTER = new HttpString("Retry-After");

    private static final Logger log = LoggerFactory.getLogger(Exchanges.class);

    /** What a handler does once its body is read, on a thread that may block. */
    @FunctionalInterface
    interface BodyHandler {
        void handle(HttpServerExchange exchange, byte[] body);
    }

    /** Work on a thread that may block. */
    @FunctionalInterface
    interface Work {
        void run(HttpServerExchange exchange);
    }

    private final JsonCodec codec;
    private final int bodySizeMax;
    private final Duration bodyTimeout;
    private final Executor blockingWork;

    Exchanges(JsonCodec codec, int bodySizeMax, Duration bodyTimeout, Executor blockingWork) {
        this.codec = codec;
        this.bodySizeMax = bodySizeMax;
        this.bodyTimeout = bodyTimeout;
        this.blockingWork = blockingWork;
    }

    JsonCodec codec() {
        return codec;
    }

    /** Where work that may block runs (virtual threads). */
    Executor blockingExecutor() {
        return blockingWork;
    }

    /**
     * Checks size and media type, reads the whole body without blocking an I/O thread, then runs
     * the handler on a thread that may block. An absent body reaches the handler as zero bytes.
     */
    void withJsonBody(HttpServerExchange exchange, BodyHandler handler) {
        long declared = exchange.getRequestContentLength();
        if (declared > drainSizeMax()) {
            // Too big to be worth reading: answer and close, rather than swallow megabytes.
            exchange.setPersistent(false);
            sendProblem(exchange, tooLarge(exchange, declared));
            return;
        }
        boolean hasBody = declared > 0 || exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
        String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if ((hasBody || contentType != null) && !isJson(contentType)) {
            sendProblem(exchange, Problem.of(ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                    "The body must be application/json (UTF-8), was " + (contentType == null ? "no Content-Type" : "'" + contentType + "'") + ".",
                    exchange.getRequestPath()));
            return;
        }
        String coding = exchange.getRequestHeaders().getFirst(Headers.CONTENT_ENCODING);
        if (coding != null && !coding.isBlank() && !coding.strip().equalsIgnoreCase("identity")) {
            // Nothing here decodes a body: read as plain JSON, a compressed one would be garbage, or a
            // mislabelled plain one accepted by luck. RFC 9110 §15.5.16: 415.
            sendProblem(exchange, Problem.of(ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                    "The body must not be encoded (Content-Encoding '" + coding + "'): send plain UTF-8 JSON.", exchange.getRequestPath()));
            return;
        }
        // Bodies a little over the limit are read to the end and refused, so that the client
        // (still sending) reliably gets its 413 and the connection stays usable.
        exchange.setMaxEntitySize(drainSizeMax());
        // A body that stops coming would hold its connection, and the buffer Undertow sized from its
        // Content-Length, for as long as the client keeps the socket open: it gets bodyTimeout. Most
        // bodies come with their headers and are read before receiveFullBytes returns: only a body
        // still on its way gets a timer.
        BodyDeadline deadline = new BodyDeadline();
        exchange.getRequestReceiver().receiveFullBytes(
                (ex, body) -> {
                    deadline.remove();
                    if (ex.isResponseStarted()) {
                        return;  // answered 408 already
                    }
                    if (body.length > bodySizeMax) {
                        sendProblem(ex, tooLarge(ex, body.length));
                        return;
                    }
                    ex.dispatch(blockingWork, (HttpHandler) e -> guarded(e, w -> handler.handle(w, body)));
                },
                (ex, failure) -> {
                    deadline.remove();
                    if (ex.isResponseStarted()) {
                        return;  // answered 408 already; its connection closing ended the read
                    }
                    ex.setPersistent(false);
                    if (failure instanceof RequestTooBigException || String.valueOf(failure.getMessage()).contains("too big")) {
                        sendProblem(ex, tooLarge(ex, -1));
                    } else {
                        sendProblem(ex, Problem.of(ProblemCode.INVALID_JSON, "The body could not be read: " + failure.getMessage(), ex.getRequestPath()));
                    }
                });
        deadline.startUnlessRead(exchange, bodyTimeout, () -> bodyTooSlow(exchange));
    }

    /** The timer of a body still on its way: started only if the body was not read at once, removed once it is. */
    private static final class BodyDeadline {
        private boolean read;
        private XnioExecutor.Key timer;

        synchronized void startUnlessRead(HttpServerExchange exchange, Duration after, Runnable task) {
            if (!read) {
                timer = exchange.getIoThread().executeAfter(task, after.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        synchronized void remove() {
            read = true;
            if (timer != null) {
                timer.remove();
            }
        }
    }

    /** Beyond this a body is not even read: sixteen times the accepted size. */
    private long drainSizeMax() {
        return 16L * bodySizeMax;
    }

    private Problem tooLarge(HttpServerExchange exchange, long size) {
        String was = size < 0 ? "larger than that" : size + " bytes";
        return Problem.of(ProblemCode.PAYLOAD_TOO_LARGE, "At most " + bodySizeMax + " bytes of body are accepted; it was " + was + ".", exchange.getRequestPath());
    }

    /** Runs the work on a thread that may block (store look-ups), answering any failure properly. */
    void blocking(HttpServerExchange exchange, Work work) {
        exchange.dispatch(blockingWork, (HttpHandler) ex -> guarded(ex, work));
    }

    /** Runs work on the current thread, turning exceptions into the right problem. */
    void guarded(HttpServerExchange exchange, Work work) {
        String requestId = exchange.getAttachment(RequestTracking.ID);
        if (requestId != null) {
            org.slf4j.MDC.put(RequestTracking.MDC_KEY, requestId);
        }
        try {
            work.run(exchange);
        } catch (RuntimeException e) {
            fail(exchange, e);
        } finally {
            org.slf4j.MDC.remove(RequestTracking.MDC_KEY);
        }
    }

    void fail(HttpServerExchange exchange, Throwable thrown) {
        Throwable failure = thrown instanceof java.util.concurrent.CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        if (exchange.isResponseStarted()) {
            log.warn("failure after the response started on {} {}", exchange.getRequestMethod(), exchange.getRequestPath(), failure);
            return;
        }
        switch (failure) {
            case InvalidRequestException invalid -> sendProblem(exchange,
                    Problem.of(invalid.code(), invalid.getMessage(), exchange.getRequestPath()).withErrors(invalid.errors()));
            case DependencyUnavailableException down -> {
                exchange.getResponseHeaders().put(RETRY_AFTER, Math.max(1, down.retryAfter().toSeconds()));
                sendProblem(exchange, Problem.of(ProblemCode.SERVICE_UNAVAILABLE,
                        "The " + down.dependency() + " is unavailable; retry later.", exchange.getRequestPath()));
            }
            default -> {
                log.error("unexpected failure on {} {}", exchange.getRequestMethod(), exchange.getRequestPath(), failure);
                sendProblem(exchange, Problem.of(ProblemCode.INTERNAL_ERROR, "An unexpected error occurred; it has been logged.", exchange.getRequestPath()));
            }
        }
    }

    void sendJson(HttpServerExchange exchange, int status, Object body) {
        send(exchange, status, JSON, codec.write(body));
    }

    /**
     * The body did not arrive within {@code bodyTimeout}: 408, then the connection is closed (the
     * rest of the body, if it ever comes, has nowhere to go). Runs on the exchange's I/O thread, as
     * the receiver's callbacks do, so the two never race.
     */
    private void bodyTooSlow(HttpServerExchange exchange) {
        if (exchange.isResponseStarted()) {
            return;
        }
        log.debug("request body not received within {} ms: 408, connection closed", bodyTimeout.toMillis());
        Problem problem = Problem.of(ProblemCode.REQUEST_TIMEOUT,
                "The body did not arrive within " + bodyTimeout.toMillis() + " ms of the request's headers.", exchange.getRequestPath());
        exchange.setPersistent(false);
        respond(exchange, problem.status(), PROBLEM_JSON, codec.write(problem), new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange done, Sender sender) {
                IoUtils.safeClose(done.getConnection());
            }

            @Override
            public void onException(HttpServerExchange failed, Sender sender, IOException exception) {
                IoUtils.safeClose(failed.getConnection());
            }
        });
    }

    void sendProblem(HttpServerExchange exchange, Problem problem) {
        send(exchange, problem.status(), PROBLEM_JSON, codec.write(problem));
    }

    /**
     * Answers on the exchange's own I/O thread. Undertow's read listener spins (a CAS loop) while
     * another thread completes an exchange of its connection; a virtual thread doing that on a
     * machine with few cores kept an I/O thread spinning for most of its time (see
     * docs/BENCHMARKS.md), so work done off the I/O thread hands the answer back to it.
     */
    void send(HttpServerExchange exchange, int status, String contentType, byte[] body) {
        if (!exchange.isInIoThread()) {
            exchange.dispatch(exchange.getIoThread(), () -> send(exchange, status, contentType, body));
            return;
        }
        respond(exchange, status, contentType, body, IoCallback.END_EXCHANGE);
    }

    /** The answer, on the exchange's I/O thread; {@code done} runs once it is written. */
    private static void respond(HttpServerExchange exchange, int status, String contentType, byte[] body, IoCallback done) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body), done);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase(JSON)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("charset=") && !parameter.equals("charset=utf-8") && !parameter.equals("charset=\"utf-8\"")) {
                return false;
            }
        }
        return true;
    }
}
