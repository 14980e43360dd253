package io.github.wallet.application.port;

import io.github.wallet.domain.wallet.WalletId;
import java.util.Objects;

/** A wallet as an event shows it: its balance and available balance right after the operation. */
public record EventWallet(WalletId walletId, long balance, long availableBalance) {
    public EventWallet {
        Objects.requireNonNull(walletId, "'walletId' must not be null");
    }
}
