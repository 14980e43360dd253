package io.github.wallet.application.port;

import java.time.Duration;
import java.util.Objects;

/**
 * Something the service needs (the store, the queue) is down or full right now: the caller may
 * retry after {@link #retryAfter()}. Never thrown for anything the caller sent.
 */
public class DependencyUnavailableException extends RuntimeException {

    private final String dependency;
    private final Duration retryAfter;

    public DependencyUnavailableException(String dependency, String detail, Duration retryAfter, Throwable cause) {
        super(dependency + " unavailable: " + detail, cause);
        this.dependency = Objects.requireNonNull(dependency, "'dependency' must not be null");
        this.retryAfter = Objects.requireNonNull(retryAfter, "'retryAfter' must not be null");
    }

    public DependencyUnavailableException(String dependency, String detail, Duration retryAfter) {
        this(dependency, detail, retryAfter, null);
    }

    /** Which dependency: "store" or "queue". */
    public String dependency() {
        return dependency;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
