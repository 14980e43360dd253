package io.github.wallet.adapter.in.http;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.in.Submission;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.operation.RejectionReason;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Answers a queued operation, whatever its kind: at once with 202 ({@code Prefer: respond-async}),
 * or after waiting, holding no thread, for the worker's commit: 200 with the body the route
 * shows, or the rejection as problem+json carrying the operation id; 202 if the wait runs out.
 */
final class OperationAnswers {

    /** What a route shows for its committed operations. */
    interface Shape {
        /** The 200 body for an operation that took effect. */
        Object body(OperationRecord.Decided decided);

        /** The problem for a rejected one; a route may add what it knows (a hold's status). */
        default Problem rejection(Problem problem, OperationRecord.Decided decided) {
            return problem;
        }

        /** Whether {@link #body} and {@link #rejection} read the store, so must run off the I/O threads. */
        boolean readsStore();
    }

    /** Deposits, withdrawals, transfers and rule changes answer with the Operation itself. */
    static final Shape OPERATION = new Shape() {
        @Override
        public Object body(OperationRecord.Decided decided) {
            return OperationResponse.of(decided);
        }

        @Override
        public boolean readsStore() {
            return false;
        }
    };

    private static final HttpString PREFERENCE_APPLIED = new HttpString("Preference-Applied");

    private final Exchanges exchanges;
    private final Duration syncWait;

    OperationAnswers(Exchanges exchanges, Duration syncWait) {
        this.exchanges = exchanges;
        this.syncWait = syncWait;
    }

    void answer(HttpServerExchange exchange, Submission submission, long startedNanos, Shape shape) {
        String path = exchange.getRequestPath();
        switch (submission) {
            case Submission.WalletNotFound missing -> refuse(exchange, Problem.of(ProblemCode.WALLET_NOT_FOUND,
                    "There is no wallet " + missing.walletId() + ".", path), startedNanos);
            case Submission.IdempotencyKeyReused reused -> refuse(exchange, keyReused(reused.key().value(), path), startedNanos);
            case Submission.HoldNotFound missing -> refuse(exchange, Problem.of(ProblemCode.HOLD_NOT_FOUND,
                    "There is no hold " + missing.holdId() + ".", path), startedNanos);
            case Submission.HoldNotActive inactive -> refuse(exchange, Problem.of(ProblemCode.HOLD_NOT_ACTIVE,
                    "Hold " + inactive.hold().holdId() + " is " + inactive.hold().status() + "; it cannot be captured or voided.", path)
                    .withHoldStatus(inactive.hold().status().name()), startedNanos);
            case Submission.Accepted accepted -> {
                if (accepted.replayed()) {
                    exchange.getResponseHeaders().put(Exchanges.IDEMPOTENT_REPLAYED, "true");
                }
                if (accepted.operation() instanceof OperationRecord.Decided decided) {
                    answerSettled(exchange, new Settlement.Committed(decided, 0), startedNanos, shape);
                } else if (prefersAsync(exchange)) {
                    // On the request's own (blocking) thread: a keyed write's key is looked up in the store first.
                    answerUndecided(exchange, accepted, accepted.beforeDecided().toCompletableFuture().join(), startedNanos, shape);
                } else {
                    awaitOutcome(exchange, accepted, startedNanos, shape);
                }
            }
        }
    }

    /** Waits without a thread: the worker's commit (or the timer) calls back on the exchange's I/O thread, or a worker if the answer reads the store. */
    private void awaitOutcome(HttpServerExchange exchange, Submission.Accepted accepted, long startedNanos, Shape shape) {
        // A copy, so that our timeout never completes the shared stage other waiters hold.
        CompletableFuture<Settlement> waiting = accepted.settlement().toCompletableFuture().copy()
                .completeOnTimeout(null, syncWait.toMillis(), TimeUnit.MILLISECONDS);
        Executor answerOn = shape.readsStore() ? exchanges.blockingExecutor() : exchange.getIoThread();
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> waiting.whenCompleteAsync((settlement, failure) -> exchanges.guarded(exchange, ex -> {
            if (failure != null) {
                exchanges.fail(ex, failure);
            } else if (settlement == null) {
                answerUndecided(ex, accepted, startedNanos, shape);
            } else {
                if (settlement instanceof Settlement.Committed committed && !committed.operation().id().equals(accepted.operation().id())) {
                    // Queued as a retry at the moment the original committed: the planner answered it with the original.
                    ex.getResponseHeaders().put(Exchanges.IDEMPOTENT_REPLAYED, "true");
                }
                answerSettled(ex, settlement, startedNanos, shape);
            }
        }), answerOn));
    }

    /** The wait ran out: the answer once the store has confirmed the key ({@link #answerUndecided}), without blocking the I/O thread. */
    private void answerUndecided(HttpServerExchange exchange, Submission.Accepted accepted, long startedNanos, Shape shape) {
        accepted.beforeDecided().whenCompleteAsync((confirmed, failure) -> exchanges.guarded(exchange, ex -> {
            if (failure != null) {
                exchanges.fail(ex, failure);
            } else {
                answerUndecided(ex, accepted, confirmed, startedNanos, shape);
            }
        }), exchanges.blockingExecutor());
    }

    /**
     * An answer before the decision: a 202 for the operation, unless the store said its key is an
     * older operation's ({@code confirmed} is then that one's replay, or a key reused).
     */
    private void answerUndecided(HttpServerExchange exchange, Submission.Accepted accepted, Submission confirmed, long startedNanos,
                                 Shape shape) {
        // Nobody here waits for the outcome any more: its waiter goes now. Left to the outcome, it would stay
        // for good when that never comes here (a reply lost with Redis, a poll of another instance's write given up).
        accepted.settlement().toCompletableFuture().cancel(false);
        if (confirmed != accepted) {
            answer(exchange, confirmed, startedNanos, shape);
            return;
        }
        if (prefersAsync(exchange)) {
            exchange.getResponseHeaders().put(PREFERENCE_APPLIED, "respond-async");
        }
        answerPending(exchange, accepted.operation(), startedNanos);
    }

    private void answerPending(HttpServerExchange exchange, OperationRecord pending, long startedNanos) {
        exchange.getResponseHeaders().put(Headers.LOCATION, "/api/v1/operations/" + pending.id());
        exchange.getResponseHeaders().put(Exchanges.SERVER_TIMING, serverTiming(startedNanos, 0));
        exchanges.sendJson(exchange, 202, OperationResponse.of(pending));
    }

    private void answerSettled(HttpServerExchange exchange, Settlement settlement, long startedNanos, Shape shape) {
        String path = exchange.getRequestPath();
        switch (settlement) {
            case Settlement.KeyReused reused -> {
                // Another request with a different body took the key first (a race the claim could not see).
                exchange.getResponseHeaders().remove(Exchanges.IDEMPOTENT_REPLAYED);
                refuse(exchange, keyReused(reused.key().value(), path), startedNanos);
            }
            case Settlement.Committed committed -> {
                OperationRecord.Decided operation = committed.operation();
                exchange.getResponseHeaders().put(Exchanges.SERVER_TIMING, serverTiming(startedNanos, committed.applyMicros()));
                switch (operation.outcome()) {
                    case Outcome.Completed completed -> exchanges.sendJson(exchange, 200, shape.body(operation));
                    case Outcome.Failed failed -> exchanges.sendProblem(exchange, Problem.of(ProblemCode.OPERATION_FAILED,
                            "The operation could not be stored and had no effect: " + failed.reason(), path)
                            .withOperationId(operation.id().toString()));
                    case Outcome.Rejected rejected -> exchanges.sendProblem(exchange, shape.rejection(
                            Problem.of(OperationResponse.rejectionCode(rejected.reason()), rejectionDetail(operation, rejected.reason()), path)
                                    .withOperationId(operation.id().toString()), operation));
                }
            }
        }
    }

    /** A write refused before it was queued: its time went here, none applying (CONTRACT.md §3: every write answer says so). */
    private void refuse(HttpServerExchange exchange, Problem problem, long startedNanos) {
        exchange.getResponseHeaders().put(Exchanges.SERVER_TIMING, serverTiming(startedNanos, 0));
        exchanges.sendProblem(exchange, problem);
    }

    private static Problem keyReused(String key, String path) {
        return Problem.of(ProblemCode.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key '" + key + "' was used before with a different request.", path);
    }

    private static String rejectionDetail(OperationRecord operation, RejectionReason reason) {
        String amount = operation.requestedAmount().map(a -> Long.toString(a.amountMinor())).orElse("it");
        return switch (reason) {
            case INSUFFICIENT_FUNDS -> "The available balance of wallet " + operation.walletId() + " does not cover " + amount + ".";
            case BALANCE_LIMIT_EXCEEDED -> "Crediting " + amount + " would take the balance above the wallet's limit.";
            case CURRENCY_MISMATCH -> "Wallets " + String.join(" and ", operation.operation().walletIds().stream().map(Object::toString).toList())
                    + " hold different currencies.";
            case WALLET_NOT_FOUND -> "A wallet of the operation does not exist.";
            case DEBIT_LIMIT_EXCEEDED -> "Debiting " + amount + " would pass the daily or monthly debit limit of wallet " + operation.walletId() + ".";
            case WALLET_FROZEN -> "Wallet " + operation.walletId() + " is frozen: it takes no debit, hold or capture.";
            case HOLD_NOT_FOUND -> "There is no such hold on wallet " + operation.walletId() + ".";
            case HOLD_NOT_ACTIVE -> "The hold is settled already, or its time is up.";
            case AMOUNT_EXCEEDS_HOLD -> "The capture of " + amount + " is more than the hold.";
        };
    }

    /** {@code queue;dur=…, apply;dur=…} in milliseconds: where the request's time went. */
    static String serverTiming(long startedNanos, long applyMicros) {
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
}
