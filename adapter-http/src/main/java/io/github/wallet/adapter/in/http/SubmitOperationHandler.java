package io.github.wallet.adapter.in.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wallet.application.port.in.SubmitOperationCommand;
import io.github.wallet.application.port.in.SubmitOperationUseCase;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationType;
import io.github.wallet.domain.wallet.WalletId;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/wallet} (deposit, withdraw) and {@code POST /api/v1/transfers}: queue the
 * operation and answer it ({@link OperationAnswers}).
 */
final class SubmitOperationHandler implements HttpHandler {

    /** Which body the route takes. */
    enum Shape { WALLET_OPERATION, TRANSFER }

    private static final Set<String> WALLET_OPERATION_FIELDS = Set.of("walletId", "valletId", "operationType", "amount");
    private static final Set<String> TRANSFER_FIELDS = Set.of("fromWalletId", "toWalletId", "amount");
    private static final Pattern OPERATION_TYPE = Pattern.compile("DEPOSIT|WITHDRAW");

    private final Shape shape;
    private final SubmitOperationUseCase submitOperation;
    private final Exchanges exchanges;
    private final OperationAnswers answers;

    SubmitOperationHandler(Shape shape, SubmitOperationUseCase submitOperation, Exchanges exchanges, OperationAnswers answers) {
        this.shape = shape;
        this.submitOperation = submitOperation;
        this.exchanges = exchanges;
        this.answers = answers;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        long startedNanos = System.nanoTime();
        exchanges.withJsonBody(exchange, (ex, body) -> submit(ex, body, startedNanos));
    }

    private void submit(HttpServerExchange exchange, byte[] body, long startedNanos) {
        Optional<IdempotencyKey> key = IdempotencyKeys.of(exchange);
        ObjectNode object = exchanges.codec().readObject(body, false);
        SubmitOperationCommand command = shape == Shape.TRANSFER ? transfer(object) : walletOperation(object);
        if (key.isPresent()) {
            command = command.withIdempotencyKey(key.get());
        }
        answers.answer(exchange, submitOperation.submit(command), startedNanos, OperationAnswers.OPERATION);
    }

    private static SubmitOperationCommand walletOperation(ObjectNode object) {
        JsonFields fields = new JsonFields(object, WALLET_OPERATION_FIELDS);
        // "valletId" is a misspelling many clients of the classic task send; it means walletId.
        String walletField = fields.has("walletId") || !fields.has("valletId") ? "walletId" : "valletId";
        if (fields.has("walletId") && fields.has("valletId")) {
            fields.fail("valletId", "is an alias of walletId; send only one of them");
        }
        Optional<UUID> walletId = fields.uuid(walletField, true);
        Optional<String> type = fields.text("operationType", true, OPERATION_TYPE, "DEPOSIT or WITHDRAW");
        Optional<Amount> amount = fields.amount("amount");
        fields.validate();
        OperationType operationType = OperationType.valueOf(type.orElseThrow());
        return new SubmitOperationCommand(operationType, new WalletId(walletId.orElseThrow()), Optional.empty(), amount.orElseThrow(), Optional.empty());
    }

    private static SubmitOperationCommand transfer(ObjectNode object) {
        JsonFields fields = new JsonFields(object, TRANSFER_FIELDS);
        Optional<UUID> source = fields.uuid("fromWalletId", true);
        Optional<UUID> target = fields.uuid("toWalletId", true);
        Optional<Amount> amount = fields.amount("amount");
        if (source.isPresent() && source.equals(target)) {
            fields.fail("toWalletId", "must differ from fromWalletId");
        }
        fields.validate();
        return SubmitOperationCommand.transfer(new WalletId(source.orElseThrow()), new WalletId(target.orElseThrow()), amount.orElseThrow());
    }
}
