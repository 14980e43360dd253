package io.github.wallet.domain.wallet;

import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.money.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * A wallet as read at one moment: what a balance query answers.
 */
public record WalletSnapshot(WalletId id, CurrencyCode currency, Money balance, Instant createdAt, Instant updatedAt) {
    public WalletSnapshot {
        Objects.requireNonNull(id, "'id' must not be null");
        Objects.requireNonNull(currency, "'currency' must not be null");
        Objects.requireNonNull(balance, "'balance' must not be null");
        Objects.requireNonNull(createdAt, "'createdAt' must not be null");
        Objects.requireNonNull(updatedAt, "'updatedAt' must not be null");
    }

    public static WalletSnapshot of(Wallet wallet) {
        return new WalletSnapshot(wallet.id(), wallet.currency(), wallet.balance(), wallet.createdAt(), wallet.updatedAt());
    }

    /** The aggregate again, to decide operations on it. */
    public Wallet toWallet() {
        return Wallet.reconstitute(id, currency, balance, createdAt, updatedAt);
    }
}
