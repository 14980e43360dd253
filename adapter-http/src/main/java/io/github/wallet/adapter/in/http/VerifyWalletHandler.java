package io.github.wallet.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.wallet.application.port.in.ChainVerification;
import io.github.wallet.application.port.in.VerifyWalletUseCase;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.wallet.WalletId;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /api/v1/wallets/{walletId}/verify}: recomputes the wallet's chain of ledger entries
 * and says whether it holds, and where it breaks if it does not (CONTRACT.md §10).
 */
final class VerifyWalletHandler implements HttpHandler {

    private final VerifyWalletUseCase verifyWallet;
    private final Exchanges exchanges;

    VerifyWalletHandler(VerifyWalletUseCase verifyWallet, Exchanges exchanges) {
        this.verifyWallet = verifyWallet;
        this.exchanges = exchanges;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        exchanges.blocking(exchange, ex -> {
            WalletId walletId = new WalletId(PathIds.uuid(ex, "walletId"));
            verifyWallet.verify(walletId).ifPresentOrElse(
                    result -> exchanges.sendJson(ex, 200, VerificationResponse.of(result)),
                    () -> exchanges.sendProblem(ex, Problem.of(ProblemCode.WALLET_NOT_FOUND, "There is no wallet " + walletId + ".", ex.getRequestPath())));
        });
    }

    /** The answer: {@code firstInvalid} only when not valid. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VerificationResponse(String walletId, boolean valid, long entries, String headHash, Invalid firstInvalid) {

        static VerificationResponse of(ChainVerification result) {
            return new VerificationResponse(result.walletId().toString(), result.valid(), result.entries(), result.headHash(),
                    result.firstInvalid().map(invalid -> new Invalid(invalid.operationId().map(OperationId::toString).orElse(null), invalid.reason()))
                            .orElse(null));
        }

        @JsonInclude(JsonInclude.Include.NON_NULL)
        record Invalid(String operationId, String reason) {
        }
    }
}
