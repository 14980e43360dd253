package io.github.wallet.adapter.in.http;

import io.github.wallet.application.port.in.CreateWalletUseCase;
import io.github.wallet.application.port.in.GetOperationUseCase;
import io.github.wallet.application.port.in.GetWalletUseCase;
import io.github.wallet.application.port.in.HoldsUseCase;
import io.github.wallet.application.port.in.ListOperationsUseCase;
import io.github.wallet.application.port.in.ReadEventsUseCase;
import io.github.wallet.application.port.in.SubmitOperationUseCase;
import io.github.wallet.application.port.in.VerifyWalletUseCase;
import io.github.wallet.application.port.in.WalletRulesUseCase;
import io.github.wallet.application.port.in.WebhooksUseCase;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the HTTP adapter serves: the use cases, plus readiness checks and the metrics scrape.
 *
 * @param readiness each dependency's name and whether it is up right now
 * @param metrics   the Prometheus text exposition, made on each scrape
 */
public record WalletApi(
        CreateWalletUseCase createWallet,
        GetWalletUseCase getWallet,
        SubmitOperationUseCase submitOperation,
        GetOperationUseCase getOperation,
        ListOperationsUseCase listOperations,
        HoldsUseCase holds,
        WalletRulesUseCase walletRules,
        VerifyWalletUseCase verifyWallet,
        ReadEventsUseCase events,
        WebhooksUseCase webhooks,
        Supplier<Map<String, Boolean>> readiness,
        Supplier<String> metrics) {

    public WalletApi {
        Objects.requireNonNull(createWallet, "'createWallet' must not be null");
        Objects.requireNonNull(getWallet, "'getWallet' must not be null");
        Objects.requireNonNull(submitOperation, "'submitOperation' must not be null");
        Objects.requireNonNull(getOperation, "'getOperation' must not be null");
        Objects.requireNonNull(listOperations, "'listOperations' must not be null");
        Objects.requireNonNull(holds, "'holds' must not be null");
        Objects.requireNonNull(walletRules, "'walletRules' must not be null");
        Objects.requireNonNull(verifyWallet, "'verifyWallet' must not be null");
        Objects.requireNonNull(events, "'events' must not be null");
        Objects.requireNonNull(webhooks, "'webhooks' must not be null");
        Objects.requireNonNull(readiness, "'readiness' must not be null");
        Objects.requireNonNull(metrics, "'metrics' must not be null");
    }
}
