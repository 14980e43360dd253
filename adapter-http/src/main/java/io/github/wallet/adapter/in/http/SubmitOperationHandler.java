package io.github.wallet.adapter.in.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.in.SubmitOperationCommand;
import io.github.wallet.application.port.in.SubmitOperationUseCase;
import io.github.wallet.application.port.in.Submission;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.OperationType;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.operation.RejectionReason;
import io.github.wallet.domain.wallet.WalletId;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/wallet} (deposit, withdraw) and {@code POST /api/v1/transfers}: queue the
 * operation, then either answer 202 at once ({@code Prefer: respond-async}) or wait, holding no
 * thread, for the worker's commit and answer 200 or the rejection; 202 if the wait runs out.
 */
final class SubmitOperationHandler implements HttpHandler {

    /** Which body the route takes. */
    enum Shape { WALLET_OPERATION, TRANSFER }

    private static final Set<String> WALLET_OPERATION_FIELDS = Set.of("walletId", "valletId", "operationType", "amount");
    private static final Set<String> TRANSFER_FIELDS = Set.of("fromWalletId", "toWalletId", "amount");
    private static final Pattern OPERATION_TYPE = Pattern.compile("DEPOSIT|WITHDRAW");
    private static final HttpString PREFERENCE_APPLIED = new HttpString("Preference-Applied");

    private final Shape shape;
    private final SubmitOperationUseCase submitOperation;
    private final Exchanges exchanges;
    private final Duration syncWait;

    SubmitOperationHandler(Shape shape, SubmitOperationUseCase submitOperation, Exchanges exchanges, Duration syncWait) {
        this.shape = shape;
        this.submitOperation = submitOperation;
        this.exchanges = exchanges;
        this.syncWait = syncWait;
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
        boolean async = prefersAsync(exchange);

        switch (submitOperation.submit(command)) {
            case Submission.WalletNotFound missing -> exchanges.sendProblem(exchange, Problem.of(ProblemCode.WALLET_NOT_FOUND,
                    "There is no wallet " + missing.walletId() + ".", exchange.getRequestPath()));
            case Submission.IdempotencyKeyReused reused -> exchanges.sendProblem(exchange, Problem.of(ProblemCode.IDEMPOTENCY_KEY_REUSED,
                    "Idempotency-Key '" + reused.key() + "' was used before with a different request.", exchange.getRequestPath()));
            case Submission.Accepted accepted -> {
                if (accepted.replayed()) {
                    exchange.getResponseHeaders().put(Exchanges.IDEMPOTENT_REPLAYED, "true");
                }
                if (accepted.operation() instanceof OperationRecord.Decided decided) {
                    answerSettled(exchange, new Settlement.Committed(decided, 0), startedNanos);
                } else if (async) {
                    exchange.getResponseHeaders().put(PREFERENCE_APPLIED, "respond-async");
                    answerPending(exchange, accepted.operation(), startedNanos);
                } else {
                    awaitOutcome(exchange, accepted, startedNanos);
                }
            }
        }
    }

    /** Waits without a thread: the worker's commit (or the timer) calls back on the exchange's I/O thread. */
    private void awaitOutcome(HttpServerExchange exchange, Submission.Accepted accepted, long startedNanos) {
        // A copy, so that our timeout never completes the shared stage other waiters hold.
        CompletableFuture<Settlement> waiting = accepted.settlement().toCompletableFuture().copy()
                .completeOnTimeout(null, syncWait.toMillis(), TimeUnit.MILLISECONDS);
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> waiting.whenCompleteAsync((settlement, failure) -> exchanges.guarded(exchange, ex -> {
            if (failure != null) {
                exchanges.fail(ex, failure);
            } else if (settlement == null) {
                answerPending(ex, accepted.operation(), startedNanos);
            } else {
                if (settlement instanceof Settlement.Committed committed && !committed.operation().id().equals(accepted.operation().id())) {
                    // Queued as a retry at the moment the original committed: the planner answered it with the original.
                    ex.getResponseHeaders().put(Exchanges.IDEMPOTENT_REPLAYED, "true");
                }
                answerSettled(ex, settlement, startedNanos);
            }
        }), exchange.getIoThread()));
    }

    private void answerPending(HttpServerExchange exchange, OperationRecord pending, long startedNanos) {
        exchange.getResponseHeaders().put(Headers.LOCATION, "/api/v1/operations/" + pending.id());
        exchange.getResponseHeaders().put(Exchanges.SERVER_TIMING, serverTiming(startedNanos, 0));
        exchanges.sendJson(exchange, 202, OperationResponse.of(pending));
    }

    private void answerSettled(HttpServerExchange exchange, Settlement settlement, long startedNanos) {
        switch (settlement) {
            case Settlement.KeyReused reused -> {
                // Another request with a different body took the key first (a race the claim could not see).
                exchange.getResponseHeaders().remove(Exchanges.IDEMPOTENT_REPLAYED);
                exchanges.sendProblem(exchange, Problem.of(ProblemCode.IDEMPOTENCY_KEY_REUSED,
                        "Idempotency-Key '" + reused.key() + "' was used before with a different request.", exchange.getRequestPath()));
            }
            case Settlement.Committed committed -> {
                OperationRecord.Decided operation = committed.operation();
                exchange.getResponseHeaders().put(Exchanges.SERVER_TIMING, serverTiming(startedNanos, committed.applyMicros()));
                switch (operation.outcome()) {
                    case Outcome.Completed completed -> exchanges.sendJson(exchange, 200, OperationResponse.of(operation));
                    case Outcome.Failed failed -> exchanges.sendProblem(exchange, Problem.of(ProblemCode.OPERATION_FAILED,
                            "The operation could not be stored and had no effect: " + failed.reason(), exchange.getRequestPath())
                            .withOperationId(operation.id().toString()));
                    case Outcome.Rejected rejected -> exchanges.sendProblem(exchange,
                            Problem.of(OperationResponse.rejectionCode(rejected.reason()), rejectionDetail(operation, rejected.reason()),
                                    exchange.getRequestPath()).withOperationId(operation.id().toString()));
                }
            }
        }
    }

    private static String rejectionDetail(OperationRecord operation, RejectionReason reason) {
        return switch (reason) {
            case INSUFFICIENT_FUNDS -> "Wallet " + operation.walletId() + " holds less than " + operation.amount().amountMinor() + ".";
            case BALANCE_LIMIT_EXCEEDED -> "The deposit of " + operation.amount().amountMinor() + " would take the balance above " + Long.MAX_VALUE + ".";
            case CURRENCY_MISMATCH -> "Wallets " + String.join(" and ", operation.operation().walletIds().stream().map(Object::toString).toList())
                    + " hold different currencies.";
            case WALLET_NOT_FOUND -> "A wallet of the operation does not exist.";
        };
    }

    /** {@code queue;dur=…, apply;dur=…} in milliseconds: where the request's time went. */
    private static String serverTiming(long startedNanos, long applyMicros) {
        double totalMillis = (System.nanoTime() - startedNanos) / 1e6;
        double applyMillis = applyMicros / 1e3;
        double queueMillis = Math.max(0, totalMillis - applyMillis);
        return String.format(Locale.ROOT, "queue;dur=%.2f, apply;dur=%.2f", queueMillis, applyMillis);
    }

    private static boolean prefersAsync(HttpServerExchange exchange) {
        HeaderValues values = exchange.getRequestHeaders().get(Exchanges.PREFER);
        if (values == null) {
            return false;
        }
        for (String value : values) {
            for (String preference : value.split(",")) {
                if (preference.trim().toLowerCase(Locale.ROOT).startsWith("respond-async")) {
                    return true;
                }
            }
        }
        return false;
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
