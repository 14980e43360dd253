package io.github.wallet.application.port.in;

import io.github.wallet.domain.wallet.WalletId;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A read of the event feed: up to {@code limit} events after position {@code after} (empty: from
 * the oldest kept; {@link #fromNow}: from the current end), only those naming {@code walletId} if
 * given, waiting up to {@code waitFor} for the first one when there is none yet.
 */
public record EventQuery(OptionalLong after, boolean fromNow, int limit, Optional<WalletId> walletId, Duration waitFor) {

    public static final int LIMIT_MAX = 1000;
    public static final Duration WAIT_MAX = Duration.ofSeconds(30);

    public EventQuery {
        Objects.requireNonNull(after, "'after' must not be null");
        walletId = walletId == null ? Optional.empty() : walletId;
        Objects.requireNonNull(waitFor, "'waitFor' must not be null");
        if (limit < 1 || limit > LIMIT_MAX) {
            throw new IllegalArgumentException("'limit' must be between 1 and " + LIMIT_MAX + ", was " + limit);
        }
        if (waitFor.isNegative() || waitFor.compareTo(WAIT_MAX) > 0) {
            throw new IllegalArgumentException("'waitFor' must be between 0 and " + WAIT_MAX + ", was " + waitFor);
        }
        if (fromNow && after.isPresent()) {
            throw new IllegalArgumentException("'after' and 'fromNow' exclude each other");
        }
    }
}
