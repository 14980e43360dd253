package io.github.wallet.adapter.in.http;

import io.github.wallet.application.port.in.SettleHoldCommand;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The API's routes, in one place: what CONTRACT.md §3 lists, and openapi.yaml describes.
 */
final class WalletRoutes {

    private WalletRoutes() {
    }

    static Router create(WalletApi api, Exchanges exchanges, HttpSettings settings) {
        byte[] openApi = openApiDocument();
        OperationAnswers answers = new OperationAnswers(exchanges, settings.syncWait());
        HoldHandlers holds = new HoldHandlers(api.holds(), exchanges, answers);
        WebhookHandlers webhooks = new WebhookHandlers(api.webhooks(), exchanges);
        return new Router(exchanges)
                .add("POST", "/api/v1/wallets", new CreateWalletHandler(api.createWallet(), exchanges))
                .add("GET", "/api/v1/wallets/{walletId}", new GetWalletHandler(api.getWallet(), exchanges))
                .add("GET", "/api/v1/wallets/{walletId}/operations", new ListOperationsHandler(api.listOperations(), exchanges))
                .add("PUT", "/api/v1/wallets/{walletId}/limits", new WalletRulesHandler(WalletRulesHandler.Rule.LIMITS, api.walletRules(), exchanges, answers))
                .add("PUT", "/api/v1/wallets/{walletId}/status", new WalletRulesHandler(WalletRulesHandler.Rule.STATUS, api.walletRules(), exchanges, answers))
                .add("GET", "/api/v1/wallets/{walletId}/holds", holds.list())
                .add("GET", "/api/v1/wallets/{walletId}/verify", new VerifyWalletHandler(api.verifyWallet(), exchanges))
                .add("POST", "/api/v1/wallet", new SubmitOperationHandler(SubmitOperationHandler.Shape.WALLET_OPERATION, api.submitOperation(), exchanges, answers))
                .add("POST", "/api/v1/transfers", new SubmitOperationHandler(SubmitOperationHandler.Shape.TRANSFER, api.submitOperation(), exchanges, answers))
                .add("POST", "/api/v1/holds", holds.place())
                .add("GET", "/api/v1/holds/{holdId}", holds.get())
                .add("POST", "/api/v1/holds/{holdId}/capture", holds.settle(SettleHoldCommand.Step.CAPTURE))
                .add("POST", "/api/v1/holds/{holdId}/void", holds.settle(SettleHoldCommand.Step.VOID))
                .add("GET", "/api/v1/operations/{operationId}", new GetOperationHandler(api.getOperation(), exchanges))
                .add("GET", "/api/v1/events", new EventsHandler(api.events(), exchanges))
                .add("POST", "/api/v1/webhooks", webhooks.register())
                .add("GET", "/api/v1/webhooks/{webhookId}", webhooks.get())
                .add("DELETE", "/api/v1/webhooks/{webhookId}", webhooks.delete())
                .add("GET", "/api/v1/webhooks/{webhookId}/deliveries", webhooks.deliveries())
                .add("GET", "/health/live", exchange -> exchanges.sendJson(exchange, 200, Map.of("status", "UP")))
                .add("GET", "/health/ready", new HealthHandler(api.readiness(), exchanges))
                .add("GET", "/metrics", exchange -> exchanges.blocking(exchange, ex -> exchanges.send(ex, 200,
                        "text/plain; version=0.0.4; charset=utf-8", api.metrics().get().getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .add("GET", "/openapi.yaml", (HttpServerExchange exchange) -> exchanges.send(exchange, 200, "application/yaml", openApi));
    }

    private static byte[] openApiDocument() {
        try (InputStream in = WalletRoutes.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
