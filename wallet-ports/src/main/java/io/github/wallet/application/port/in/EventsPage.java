package io.github.wallet.application.port.in;

import io.github.wallet.application.port.FeedEvent;
import java.util.List;

/**
 * Events in feed order, and the position to follow: after the last item, or where the read
 * started when there are none. A reader just keeps reading after {@code next}.
 */
public record EventsPage(List<FeedEvent> items, long next) {
    public EventsPage {
        items = List.copyOf(items);
    }
}
