package io.github.wallet.application.port;

import java.util.Objects;

/**
 * An event at its place in the feed: {@code position} orders the feed, assigned once the event is
 * committed (see {@link EventFeed#sequence}), so a reader that follows it never skips one.
 */
public record FeedEvent(long position, OperationEvent event) {
    public FeedEvent {
        Objects.requireNonNull(event, "'event' must not be null");
        if (position < 1) {
            throw new IllegalArgumentException("'position' must be >= 1, was " + position);
        }
    }
}
