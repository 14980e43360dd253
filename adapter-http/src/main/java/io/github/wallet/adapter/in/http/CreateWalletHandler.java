package io.github.wallet.adapter.in.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wallet.application.port.in.CreateWalletCommand;
import io.github.wallet.application.port.in.CreateWalletResult;
import io.github.wallet.application.port.in.CreateWalletUseCase;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletLimits;
import io.github.wallet.domain.wallet.WalletStatus;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/wallets}: opens a wallet; the body may be empty or name the id, currency, limits and status.
 */
final class CreateWalletHandler implements HttpHandler {

    private static final Set<String> FIELDS = Set.of("walletId", "currency", "limits", "status");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final CreateWalletUseCase createWallet;
    private final Exchanges exchanges;

    CreateWalletHandler(CreateWalletUseCase createWallet, Exchanges exchanges) {
        this.createWallet = createWallet;
        this.exchanges = exchanges;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        long startedNanos = System.nanoTime();
        exchanges.withJsonBody(exchange, (ex, body) -> create(ex, body, startedNanos));
    }

    private void create(HttpServerExchange exchange, byte[] body, long startedNanos) {
        Optional<IdempotencyKey> key = IdempotencyKeys.of(exchange);
        ObjectNode object = exchanges.codec().readObject(body, true);
        JsonFields fields = new JsonFields(object, FIELDS);
        Optional<WalletId> walletId = fields.uuid("walletId", false).map(WalletId::new);
        Optional<CurrencyCode> currency = fields.text("currency", false, CURRENCY, "an ISO 4217 code of three upper-case letters, like RUB")
                .map(CurrencyCode::new);
        Optional<WalletLimits> limits = WalletRulesBodies.nestedLimits(fields, "limits");
        Optional<WalletStatus> status = WalletRulesBodies.status(fields, false);
        fields.validate();

        CreateWalletCommand command = new CreateWalletCommand(walletId, currency, limits.orElse(WalletLimits.NONE),
                status.orElse(WalletStatus.ACTIVE), key);
        long applyStarted = System.nanoTime();
        CreateWalletResult result = createWallet.create(command);
        // Straight to the store, no queue: the time in the store is the apply.
        exchange.getResponseHeaders().put(Exchanges.SERVER_TIMING,
                OperationAnswers.serverTiming(startedNanos, java.util.concurrent.TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - applyStarted)));
        switch (result) {
            case CreateWalletResult.Created created -> {
                exchange.getResponseHeaders().put(Headers.LOCATION, "/api/v1/wallets/" + created.wallet().id());
                if (created.replayed()) {
                    exchange.getResponseHeaders().put(Exchanges.IDEMPOTENT_REPLAYED, "true");
                }
                exchanges.sendJson(exchange, 201, WalletResponse.of(created.wallet()));
            }
            case CreateWalletResult.AlreadyExists exists -> exchanges.sendProblem(exchange, Problem.of(ProblemCode.WALLET_ALREADY_EXISTS,
                    "A wallet with id " + exists.walletId() + " exists already.", exchange.getRequestPath()));
            case CreateWalletResult.IdempotencyKeyReused reused -> exchanges.sendProblem(exchange, Problem.of(ProblemCode.IDEMPOTENCY_KEY_REUSED,
                    "Idempotency-Key '" + reused.key() + "' was used before with a different request.", exchange.getRequestPath()));
        }
    }
}
