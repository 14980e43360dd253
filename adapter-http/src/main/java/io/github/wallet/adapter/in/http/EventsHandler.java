package io.github.wallet.adapter.in.http;

import io.github.wallet.application.port.EventWallet;
import io.github.wallet.application.port.FeedEvent;
import io.github.wallet.application.port.in.EventQuery;
import io.github.wallet.application.port.in.EventsPage;
import io.github.wallet.application.port.in.ReadEventsUseCase;
import io.github.wallet.domain.wallet.WalletId;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/events?after=&limit=&walletId=&wait=}: the feed of decided operations in
 * commit order, with long-polling (CONTRACT.md §9). {@code nextCursor} is always there: a reader
 * just keeps following it.
 */
final class EventsHandler implements HttpHandler {

    static final int LIMIT_DEFAULT = 100;
    private static final Pattern WAIT = Pattern.compile("\\d{1,2}");

    private final ReadEventsUseCase events;
    private final Exchanges exchanges;

    EventsHandler(ReadEventsUseCase events, Exchanges exchanges) {
        this.events = events;
        this.exchanges = exchanges;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        exchanges.blocking(exchange, ex -> {
            List<FieldError> errors = new ArrayList<>();
            QueryParameters parameters = new QueryParameters(ex, errors);
            String after = parameters.single("after");
            OptionalLong position = after == null || after.equals("now") ? OptionalLong.empty() : decode(after);
            if (after != null && !after.equals("now") && position.isEmpty()) {
                errors.add(new FieldError("after", "must be a nextCursor or cursor from the feed, or now"));
            }
            int limit = parameters.limit(LIMIT_DEFAULT, EventQuery.LIMIT_MAX);
            Optional<WalletId> walletId = parameters.text("walletId", PathIds.UUID_TEXT, PathIds.UUID_EXPECTATION)
                    .map(text -> new WalletId(UUID.fromString(text)));
            Duration wait = wait(parameters.single("wait"), errors);
            if (!errors.isEmpty()) {
                throw InvalidRequestException.ofFields(errors);
            }
            EventsPage page;
            try {
                page = events.read(new EventQuery(position, "now".equals(after), limit, walletId, wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for events", e);
            }
            exchanges.sendJson(ex, 200, new Page(page.items().stream().map(EventsHandler::event).toList(), encode(page.next())));
        });
    }

    private static Duration wait(String text, List<FieldError> errors) {
        if (text == null) {
            return Duration.ZERO;
        }
        if (!WAIT.matcher(text).matches() || Integer.parseInt(text) > EventQuery.WAIT_MAX.toSeconds()) {
            errors.add(new FieldError("wait", "must be a whole number of seconds from 0 to " + EventQuery.WAIT_MAX.toSeconds()));
            return Duration.ZERO;
        }
        return Duration.ofSeconds(Integer.parseInt(text));
    }

    static String encode(long position) {
        return HistoryCursor.encode(HistoryCursor.FEED, position);
    }

    static OptionalLong decode(String cursor) {
        return HistoryCursor.decode(HistoryCursor.FEED, cursor);
    }

    static Event event(FeedEvent placed) {
        return new Event(placed.event().operation().id().toString(), encode(placed.position()), placed.event().type(),
                placed.event().operation().decidedAt(), OperationResponse.of(placed.event().operation()),
                placed.event().wallets().stream().map(Balance::of).toList());
    }

    /** One page of the feed. */
    record Page(List<Event> items, String nextCursor) {
    }

    /** An event: one per decided operation; {@code eventId} is the operation's id. */
    record Event(String eventId, String cursor, String type, Instant occurredAt, OperationResponse operation, List<Balance> wallets) {
    }

    /** A wallet of the operation as it stood right after it. */
    record Balance(String walletId, long balance, long availableBalance) {
        static Balance of(EventWallet wallet) {
            return new Balance(wallet.walletId().toString(), wallet.balance(), wallet.availableBalance());
        }
    }
}
