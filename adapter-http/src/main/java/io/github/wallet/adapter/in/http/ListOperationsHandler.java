package io.github.wallet.adapter.in.http;

import io.github.wallet.application.port.in.ListOperationsQuery;
import io.github.wallet.application.port.in.ListOperationsUseCase;
import io.github.wallet.domain.wallet.WalletId;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code GET /api/v1/wallets/{walletId}/operations?limit=&cursor=}: history, newest first.
 */
final class ListOperationsHandler implements HttpHandler {

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
            QueryParameters query = new QueryParameters(ex, errors);
            int limit = query.limit();
            OptionalLong before = cursor(query, errors);
            if (!errors.isEmpty()) {
                throw InvalidRequestException.ofFields(errors);
            }
            listOperations.listOperations(new ListOperationsQuery(walletId, limit, before)).ifPresentOrElse(
                    page -> exchanges.sendJson(ex, 200, new OperationPageResponse(
                            page.items().stream().map(op -> OperationResponse.of(op).withEntryHash(page.entryHashes().get(op.id()))).toList(),
                            page.nextBefore().isPresent() ? HistoryCursor.encode(page.nextBefore().getAsLong()) : null)),
                    () -> exchanges.sendProblem(ex, Problem.of(ProblemCode.WALLET_NOT_FOUND, "There is no wallet " + walletId + ".", ex.getRequestPath())));
        });
    }

    private static OptionalLong cursor(QueryParameters query, List<FieldError> errors) {
        String text = query.single("cursor");
        if (text == null) {
            return OptionalLong.empty();
        }
        OptionalLong position = HistoryCursor.decode(text);
        if (position.isEmpty()) {
            errors.add(new FieldError("cursor", "must be a nextCursor from an earlier page"));
        }
        return position;
    }
}
