package io.github.wallet.adapter.in.http;

import io.github.wallet.application.port.in.ListOperationsQuery;
import io.github.wallet.application.port.in.ListOperationsUseCase;
import io.github.wallet.domain.wallet.WalletId;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code GET /api/v1/wallets/{walletId}/operations?limit=&cursor=}: history, newest first.
 */
final class ListOperationsHandler implements HttpHandler {

    static final int LIMIT_DEFAULT = 50;

    private final ListOperationsUseCase listOperations;
    private final Exchanges exchanges;

    ListOperationsHandler(ListOperationsUseCase listOperations, Exchanges exchanges) {
        this.listOperations = listOperations;
        this.exchanges = exchanges;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        exchanges.blocking(exchange, ex -> {
            List<FieldError> errors = new ArrayList<>();
            WalletId walletId = new WalletId(PathIds.uuid(ex, "walletId"));
            int limit = limit(ex, errors);
            OptionalLong before = cursor(ex, errors);
            if (!errors.isEmpty()) {
                throw InvalidRequestException.ofFields(errors);
            }
            listOperations.listOperations(new ListOperationsQuery(walletId, limit, before)).ifPresentOrElse(
                    page -> exchanges.sendJson(ex, 200, new OperationPageResponse(
                            page.items().stream().map(OperationResponse::of).toList(),
                            page.nextBefore().isPresent() ? HistoryCursor.encode(page.nextBefore().getAsLong()) : null)),
                    () -> exchanges.sendProblem(ex, Problem.of(ProblemCode.WALLET_NOT_FOUND, "There is no wallet " + walletId + ".", ex.getRequestPath())));
        });
    }

    private static int limit(HttpServerExchange exchange, List<FieldError> errors) {
        String text = single(exchange, "limit", errors);
        if (text == null) {
            return LIMIT_DEFAULT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= ListOperationsQuery.LIMIT_MAX) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, like any other bad value
        }
        errors.add(new FieldError("limit", "must be an integer from 1 to " + ListOperationsQuery.LIMIT_MAX));
        return LIMIT_DEFAULT;
    }

    private static OptionalLong cursor(HttpServerExchange exchange, List<FieldError> errors) {
        String text = single(exchange, "cursor", errors);
        if (text == null) {
            return OptionalLong.empty();
        }
        OptionalLong position = HistoryCursor.decode(text);
        if (position.isEmpty()) {
            errors.add(new FieldError("cursor", "must be a nextCursor from an earlier page"));
        }
        return position;
    }

    private static String single(HttpServerExchange exchange, String name, List<FieldError> errors) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            errors.add(new FieldError(name, "must be given once"));
            return null;
        }
        return values.getFirst();
    }
}
