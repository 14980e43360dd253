package io.github.wallet.adapter.in.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wallet API over HTTP on Undertow. Requests that may block (store look-ups) run on virtual
 * threads; a write waiting for its commit holds no thread at all.
 */
public final class WalletHttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WalletHttpServer.class);

    private final Undertow undertow;
    private final StoppingGate gate;
    private final GracefulShutdownHandler graceful;
    private final ExecutorService blockingWork;
    private final int port;

    private WalletHttpServer(Undertow undertow, StoppingGate gate, GracefulShutdownHandler graceful, ExecutorService blockingWork) {
        this.undertow = undertow;
        this.gate = gate;
        this.graceful = graceful;
        this.blockingWork = blockingWork;
        this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** Starts listening; the returned server knows its actual port (useful with port 0). */
    public static WalletHttpServer start(WalletApi api, HttpSettings settings) {
        return start(api, settings, HttpListener.NONE);
    }

    public static WalletHttpServer start(WalletApi api, HttpSettings settings, HttpListener listener) {
        ExecutorService blockingWork = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("wallet-http-", 0).factory());
        Exchanges exchanges = new Exchanges(new JsonCodec(), settings.bodySizeMax(), settings.bodyTimeout(), blockingWork);
        HttpHandler guarded = new AccessControl(settings.apiKeys(), WalletRoutes.create(api, exchanges, settings), exchanges);
        GracefulShutdownHandler graceful = new GracefulShutdownHandler(new RequestTracking(new HttpFraming(guarded, exchanges), listener));
        StoppingGate gate = new StoppingGate(graceful, exchanges);
        Undertow undertow = Undertow.builder()
                .addHttpListener(settings.port(), settings.host())
                .setIoThreads(settings.ioThreads())
                .setWorkerThreads(settings.ioThreads())
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 16L * settings.bodySizeMax())
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 16 * 1024)
                .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
                .setHandler(gate)
                .build();
        undertow.start();
        WalletHttpServer server = new WalletHttpServer(undertow, gate, graceful, blockingWork);
        log.info("HTTP API listening on {}:{}", settings.host(), server.port());
        logAccess(settings, server.port());
        return server;
    }

    public int port() {
        return port;
    }

    /** Says who may call the API: a warning when anyone can (see {@link #openApiWarning}). */
    private static void logAccess(HttpSettings settings, int boundPort) {
        if (!settings.apiKeys().isOpen()) {
            log.info("API keys: {} configured; /api/v1 needs 'Authorization: Bearer <key>'", settings.apiKeys().size());
            return;
        }
        openApiWarning(settings, boundPort).ifPresentOrElse(log::warn,
                () -> log.info("no WALLET_API_KEYS configured: the API is open to this machine only ({}:{})", settings.host(), boundPort));
    }

    /**
     * The warning for an API open to others: without keys, on an address other machines can reach.
     * It names the port actually bound (not 0). A loopback listener (the self warm-up's server) is
     * reachable from this machine only, so it gets no warning.
     */
    static Optional<String> openApiWarning(HttpSettings settings, int boundPort) {
        if (!settings.apiKeys().isOpen() || isLoopback(settings.host())) {
            return Optional.empty();
        }
        return Optional.of("no WALLET_API_KEYS configured: the API is open to anyone who can reach "
                + settings.host() + ":" + boundPort);
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Stops taking requests and waits up to {@code wait} for those in flight to be answered. */
    public void shutdown(Duration wait) {
        gate.stop();
        graceful.shutdown();
        try {
            if (!graceful.awaitShutdown(wait.toMillis())) {
                log.warn("requests still in flight after {}; closing anyway", wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        undertow.stop();
        blockingWork.shutdown();
    }
}
