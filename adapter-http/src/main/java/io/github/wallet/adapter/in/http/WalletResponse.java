package io.github.wallet.adapter.in.http;

import io.github.wallet.domain.wallet.WalletSnapshot;
import java.time.Instant;

/**
 * A wallet as the API shows it.
 */
record WalletResponse(String walletId, String currency, long balance, Instant createdAt, Instant updatedAt) {

    static WalletResponse of(WalletSnapshot wallet) {
        return new WalletResponse(wallet.id().toString(), wallet.currency().code(), wallet.balance().amountMinor(),
                wallet.createdAt(), wallet.updatedAt());
    }
}
