package io.github.wallet.adapter.in.http;

/**
 * Hears of every answered request, for metrics: the route template (not the path, so ids do not
 * explode the label set), the status and how long it took.
 */
public interface HttpListener {

    void requestCompleted(String method, String route, int status, long nanos);

    HttpListener NONE = (method, route, status, nanos) -> {
    };
}
