package io.github.wallet.adapter.in.http;

import io.github.wallet.application.port.in.GetWalletUseCase;
import io.github.wallet.domain.wallet.WalletId;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /api/v1/wallets/{walletId}}: the balance. A wallet the core holds in memory is
 * answered right on the I/O thread (no I/O, no hand-over); any other is read from the store on a
 * thread that may block.
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
        exchanges.guarded(exchange, ex -> {
            WalletId walletId = new WalletId(PathIds.uuid(ex, "walletId"));
            getWallet.getWalletFromMemory(walletId).ifPresentOrElse(
                    wallet -> exchanges.sendJson(ex, 200, WalletResponse.of(wallet)),
                    () -> exchanges.blocking(ex, blocking -> fromStore(blocking, walletId)));
        });
    }

    private void fromStore(HttpServerExchange exchange, WalletId walletId) {
        getWallet.getWallet(walletId).ifPresentOrElse(
                wallet -> exchanges.sendJson(exchange, 200, WalletResponse.of(wallet)),
                () -> exchanges.sendProblem(exchange, Problem.of(ProblemCode.WALLET_NOT_FOUND, "There is no wallet " + walletId + ".",
                        exchange.getRequestPath())));
    }
}
