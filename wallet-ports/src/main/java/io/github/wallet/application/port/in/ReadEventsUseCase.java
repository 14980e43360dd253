package io.github.wallet.application.port.in;

/**
 * Reads the feed of decided operations in commit order, with long-polling (CONTRACT.md §9).
 */
public interface ReadEventsUseCase {

    EventsPage read(EventQuery query) throws InterruptedException;
}
