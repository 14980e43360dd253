package io.github.wallet.adapter.in.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wallet.application.port.in.HoldView;
import io.github.wallet.application.port.in.HoldsUseCase;
import io.github.wallet.application.port.in.ListHoldsQuery;
import io.github.wallet.application.port.in.PlaceHoldCommand;
import io.github.wallet.application.port.in.SettleHoldCommand;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.operation.HoldStatus;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.operation.RejectionReason;
import io.github.wallet.domain.wallet.WalletId;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The routes of holds (CONTRACT.md §7): place, capture, void, read one, list a wallet's. The steps
 * are answered like any queued operation ({@link OperationAnswers}), with the Hold as it stands
 * after the step as the 200 body.
 */
final class HoldHandlers {

    private static final Set<String> PLACE_FIELDS = Set.of("walletId", "amount", "toWalletId", "expiresInSeconds");
    private static final Set<String> CAPTURE_FIELDS = Set.of("amount");
    private static final Pattern HOLD_STATUS = Pattern.compile("ACTIVE|CAPTURED|VOIDED|EXPIRED");

    private final HoldsUseCase holds;
    private final Exchanges exchanges;
    private final OperationAnswers answers;
    /** A step's 200 is the hold after it; a HOLD_NOT_ACTIVE names the hold's status. Both read the store. */
    private final OperationAnswers.Shape holdShape = new OperationAnswers.Shape() {
        @Override
        public Object body(OperationRecord.Decided decided) {
            OperationId holdId = decided.operation().holdId().orElseThrow();
            HoldView hold = holds.getHold(holdId).orElseThrow(() -> new IllegalStateException("hold " + holdId + " is committed but not found"));
            // The hold as this step left it, replays included (CONTRACT.md §7). A hold changes once at most after its
            // placement (settled by a capture, a void or its expiry, which is then the hold as it is now): a
            // placement answered after that answers the hold before it.
            boolean placement = decided.operation() instanceof Operation.HoldPlacement;
            return HoldResponse.of(placement ? hold.asPlaced() : hold).withOperationId(decided.id().toString());
        }

        @Override
        public Problem rejection(Problem problem, OperationRecord.Decided decided) {
            boolean notActive = decided.outcome() instanceof Outcome.Rejected rejected && rejected.reason() == RejectionReason.HOLD_NOT_ACTIVE;
            if (!notActive) {
                return problem;
            }
            return decided.operation().holdId().flatMap(holds::getHold)
                    .map(hold -> problem.withHoldStatus(hold.status() == HoldView.Status.ACTIVE ? HoldView.Status.EXPIRED.name() : hold.status().name()))
                    .orElse(problem);
        }

        @Override
        public boolean readsStore() {
            return true;
        }
    };

    HoldHandlers(HoldsUseCase holds, Exchanges exchanges, OperationAnswers answers) {
        this.holds = holds;
        this.exchanges = exchanges;
        this.answers = answers;
    }

    /** {@code POST /api/v1/holds}. */
    HttpHandler place() {
        return exchange -> {
            long startedNanos = System.nanoTime();
            exchanges.withJsonBody(exchange, (ex, body) -> {
                Optional<IdempotencyKey> key = IdempotencyKeys.of(ex);
                JsonFields fields = new JsonFields(exchanges.codec().readObject(body, false), PLACE_FIELDS);
                Optional<UUID> walletId = fields.uuid("walletId", true);
                Optional<Amount> amount = fields.amount("amount");
                Optional<UUID> toWalletId = fields.uuid("toWalletId", false);
                OptionalLong expiresIn = fields.wholeNumber("expiresInSeconds", 1, PlaceHoldCommand.EXPIRES_IN_SECONDS_MAX);
                if (walletId.isPresent() && walletId.equals(toWalletId)) {
                    fields.fail("toWalletId", "must differ from walletId");
                }
                fields.validate();
                PlaceHoldCommand command = new PlaceHoldCommand(new WalletId(walletId.orElseThrow()), amount.orElseThrow(),
                        toWalletId.map(WalletId::new), expiresIn, key);
                answers.answer(ex, holds.place(command), startedNanos, holdShape);
            });
        };
    }

    /** {@code POST /api/v1/holds/{holdId}/capture} and {@code …/void}. */
    HttpHandler settle(SettleHoldCommand.Step step) {
        return exchange -> {
            long startedNanos = System.nanoTime();
            exchanges.withJsonBody(exchange, (ex, body) -> {
                OperationId holdId = new OperationId(PathIds.uuid(ex, "holdId"));
                Optional<IdempotencyKey> key = IdempotencyKeys.of(ex);
                ObjectNode object = exchanges.codec().readObject(body, true);
                JsonFields fields = new JsonFields(object, step == SettleHoldCommand.Step.CAPTURE ? CAPTURE_FIELDS : Set.of());
                Optional<Amount> amount = step == SettleHoldCommand.Step.CAPTURE ? fields.optionalAmount("amount") : Optional.empty();
                fields.validate();
                answers.answer(ex, holds.settle(new SettleHoldCommand(holdId, step, amount, key)), startedNanos, holdShape);
            });
        };
    }

    /** {@code GET /api/v1/holds/{holdId}}. */
    HttpHandler get() {
        return exchange -> exchanges.blocking(exchange, ex -> {
            OperationId holdId = new OperationId(PathIds.uuid(ex, "holdId"));
            holds.getHold(holdId).ifPresentOrElse(
                    hold -> exchanges.sendJson(ex, 200, HoldResponse.of(hold)),
                    () -> exchanges.sendProblem(ex, Problem.of(ProblemCode.HOLD_NOT_FOUND, "There is no hold " + holdId + ".", ex.getRequestPath())));
        });
    }

    /** {@code GET /api/v1/wallets/{walletId}/holds?status=&limit=&cursor=}. */
    HttpHandler list() {
        return exchange -> exchanges.blocking(exchange, ex -> {
            List<FieldError> errors = new ArrayList<>();
            WalletId walletId = new WalletId(PathIds.uuid(ex, "walletId"));
            QueryParameters query = new QueryParameters(ex, errors);
            int limit = query.limit();
            Optional<HoldStatus> status = query.text("status", HOLD_STATUS, "one of ACTIVE, CAPTURED, VOIDED, EXPIRED").map(HoldStatus::valueOf);
            Optional<OperationId> before = query.text("cursor", PathIds.UUID_TEXT, "a nextCursor from an earlier page")
                    .map(text -> new OperationId(UUID.fromString(text)));
            if (!errors.isEmpty()) {
                throw InvalidRequestException.ofFields(errors);
            }
            holds.listHolds(new ListHoldsQuery(walletId, status, limit, before)).ifPresentOrElse(
                    page -> exchanges.sendJson(ex, 200, new HoldPageResponse(page.items().stream().map(h -> HoldResponse.of(HoldView.of(h))).toList(),
                            page.nextBefore().map(OperationId::toString).orElse(null))),
                    () -> exchanges.sendProblem(ex, Problem.of(ProblemCode.WALLET_NOT_FOUND, "There is no wallet " + walletId + ".", ex.getRequestPath())));
        });
    }

    /** A page of holds; {@code nextCursor} is null on the last page. */
    record HoldPageResponse(List<HoldResponse> items, String nextCursor) {
    }
}
