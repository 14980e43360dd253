package io.github.wallet.adapter.in.http;

import io.github.wallet.application.port.in.GetWalletUseCase;
import io.github.wallet.domain.wallet.WalletId;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /api/v1/wallets/{walletId}}: the balance, straight from the store.
 */
final class GetWalletHandler implements HttpHandler {

    private final GetWalletUseCase getWallet;
    private final Exchanges exchanges;

    GetWalletHandler(GetWalletUseCase getWallet, Exchanges exchanges) {
        this.getWallet = getWallet;
        this.exchanges = exchanges;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        exchanges.blocking(exchange, ex -> {
            WalletId walletId = new WalletId(PathIds.uuid(ex, "walletId"));
            getWallet.getWallet(walletId).ifPresentOrElse(
                    wallet -> exchanges.sendJson(ex, 200, WalletResponse.of(wallet)),
                    () -> exchanges.sendProblem(ex, Problem.of(ProblemCode.WALLET_NOT_FOUND, "There is no wallet " + walletId + ".", ex.getRequestPath())));
        });
    }
}
