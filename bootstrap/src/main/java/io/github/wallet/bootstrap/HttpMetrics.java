package io.github.wallet.bootstrap;

import io.github.wallet.adapter.in.http.HttpListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Request rate and latency by method, route template and status, as {@code http_server_requests}.
 */
final class HttpMetrics implements HttpListener {

    private final MeterRegistry registry;

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void requestCompleted(String method, String route, int status, long nanos) {
        Timer.builder("http.server.requests")
                .tag("method", method)
                .tag("uri", route)
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
