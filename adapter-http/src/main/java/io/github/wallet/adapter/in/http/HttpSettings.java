package io.github.wallet.adapter.in.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP server listens and how long a synchronous write waits for its commit.
 *
 * @param port         0 picks a free port (tests)
 * @param syncWait     after this, a write answers 202 PENDING instead of waiting longer
 * @param bodySizeMax  larger bodies get 413
 * @param ioThreads    Undertow I/O threads (non-blocking; one per core is plenty)
 * @param apiKeys      who may call /api/v1; {@link ApiKeys#none()} leaves it open
 * @param bodyTimeout  how long a request's body may take to arrive once its headers have: then 408
 *                     and the connection is closed (a client that stalls mid-body holds nothing for good)
 */
public record HttpSettings(String host, int port, Duration syncWait, int bodySizeMax, int ioThreads, ApiKeys apiKeys, Duration bodyTimeout) {

    public static final int BODY_SIZE_MAX_DEFAULT = 64 * 1024;
    public static final Duration BODY_TIMEOUT_DEFAULT = Duration.ofSeconds(10);

    public HttpSettings {
        Objects.requireNonNull(host, "'host' must not be null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'port' must be between 0 and 65535, was " + port);
        }
        Objects.requireNonNull(syncWait, "'syncWait' must not be null");
        if (bodySizeMax < 1) {
            throw new IllegalArgumentException("'bodySizeMax' must be >= 1, was " + bodySizeMax);
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("'ioThreads' must be >= 1, was " + ioThreads);
        }
        Objects.requireNonNull(apiKeys, "'apiKeys' must not be null");
        Objects.requireNonNull(bodyTimeout, "'bodyTimeout' must not be null");
        if (bodyTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("'bodyTimeout' must be at least 1 ms, was " + bodyTimeout);
        }
    }

    public static HttpSettings defaults(int port) {
        return new HttpSettings("0.0.0.0", port, Duration.ofSeconds(5), BODY_SIZE_MAX_DEFAULT, Runtime.getRuntime().availableProcessors(), ApiKeys.none(),
                BODY_TIMEOUT_DEFAULT);
    }

    public HttpSettings withSyncWait(Duration value) {
        return new HttpSettings(host, port, value, bodySizeMax, ioThreads, apiKeys, bodyTimeout);
    }

    public HttpSettings withApiKeys(ApiKeys value) {
        return new HttpSettings(host, port, syncWait, bodySizeMax, ioThreads, value, bodyTimeout);
    }

    public HttpSettings withBodyTimeout(Duration value) {
        return new HttpSettings(host, port, syncWait, bodySizeMax, ioThreads, apiKeys, value);
    }
}
