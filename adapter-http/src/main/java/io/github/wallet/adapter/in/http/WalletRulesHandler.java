package io.github.wallet.adapter.in.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wallet.application.port.in.Submission;
import io.github.wallet.application.port.in.WalletRulesUseCase;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletLimits;
import io.github.wallet.domain.wallet.WalletStatus;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Optional;
import java.util.Set;

/**
 * {@code PUT /api/v1/wallets/{walletId}/limits} and {@code …/status}: queue the change in the
 * wallet's order and answer with its Operation ({@code SET_LIMITS} / {@code SET_STATUS}).
 */
final class WalletRulesHandler implements HttpHandler {

    /** Which rule the route sets. */
    enum Rule { LIMITS, STATUS }

    private final Rule rule;
    private final WalletRulesUseCase rules;
    private final Exchanges exchanges;
    private final OperationAnswers answers;

    WalletRulesHandler(Rule rule, WalletRulesUseCase rules, Exchanges exchanges, OperationAnswers answers) {
        this.rule = rule;
        this.rules = rules;
        this.exchanges = exchanges;
        this.answers = answers;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        long startedNanos = System.nanoTime();
        exchanges.withJsonBody(exchange, (ex, body) -> {
            WalletId walletId = new WalletId(PathIds.uuid(ex, "walletId"));
            Optional<IdempotencyKey> key = IdempotencyKeys.of(ex);
            ObjectNode object = exchanges.codec().readObject(body, rule == Rule.LIMITS);
            Submission submission = switch (rule) {
                case LIMITS -> {
                    JsonFields fields = new JsonFields(object, WalletRulesBodies.LIMIT_FIELDS);
                    WalletLimits limits = WalletRulesBodies.limits(fields);
                    fields.validate();
                    yield rules.setLimits(walletId, limits, key);
                }
                case STATUS -> {
                    JsonFields fields = new JsonFields(object, Set.of("status"));
                    Optional<WalletStatus> status = WalletRulesBodies.status(fields, true);
                    fields.validate();
                    yield rules.setStatus(walletId, status.orElseThrow(), key);
                }
            };
            answers.answer(ex, submission, startedNanos, OperationAnswers.OPERATION);
        });
    }
}
