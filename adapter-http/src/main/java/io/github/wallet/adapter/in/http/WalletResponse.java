package io.github.wallet.adapter.in.http;

import io.github.wallet.domain.wallet.WalletSnapshot;
import java.time.Instant;

/**
 * A wallet as the API shows it: its balance, what active holds reserve of it, what may still be
 * paid out or held, and the rules it runs under.
 */
record WalletResponse(String walletId, String currency, long balance, long heldAmount, long availableBalance, LimitsResponse limits,
                      String status, Instant createdAt, Instant updatedAt) {

    static WalletResponse of(WalletSnapshot wallet) {
        return new WalletResponse(wallet.id().toString(), wallet.currency().code(), wallet.balance().amountMinor(), wallet.heldAmount(),
                wallet.availableBalance(), LimitsResponse.of(wallet.limits()), wallet.status().name(), wallet.createdAt(), wallet.updatedAt());
    }
}
