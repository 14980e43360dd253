package io.github.wallet.adapter.in.http;

import io.github.wallet.application.port.in.GetOperationUseCase;
import io.github.wallet.domain.operation.OperationId;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /api/v1/operations/{operationId}}: one operation's state, pending or decided.
 */
final class GetOperationHandler implements HttpHandler {

    private final GetOperationUseCase getOperation;
    private final Exchanges exchanges;

    GetOperationHandler(GetOperationUseCase getOperation, Exchanges exchanges) {
        this.getOperation = getOperation;
        this.exchanges = exchanges;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        exchanges.blocking(exchange, ex -> {
            OperationId operationId = new OperationId(PathIds.uuid(ex, "operationId"));
            getOperation.getOperation(operationId).ifPresentOrElse(
                    operation -> exchanges.sendJson(ex, 200, OperationResponse.of(operation)),
                    () -> exchanges.sendProblem(ex, Problem.of(ProblemCode.OPERATION_NOT_FOUND, "There is no operation " + operationId + ".", ex.getRequestPath())));
        });
    }
}
