package io.github.wallet.domain.wallet;

import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.money.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * A wallet: an amount of one currency that deposits raise and withdrawals lower, never below zero.
 *
 * <p>The aggregate guards its balance; callers ask {@link #canWithdraw} / {@link #canDeposit} and
 * then move money, so a broken invariant is a programmer error, never a silent wrong balance.
 */
public final class Wallet {

    private final WalletId id;
    private final CurrencyCode currency;
    private final Instant createdAt;
    private Money balance;
    private Instant updatedAt;

    private Wallet(WalletId id, CurrencyCode currency, Money balance, Instant createdAt, Instant updatedAt) {
        this.id = Objects.requireNonNull(id, "'id' must not be null");
        this.currency = Objects.requireNonNull(currency, "'currency' must not be null");
        this.balance = Objects.requireNonNull(balance, "'balance' must not be null");
        this.createdAt = Objects.requireNonNull(createdAt, "'createdAt' must not be null");
        this.updatedAt = Objects.requireNonNull(updatedAt, "'updatedAt' must not be null");
    }

    /** A new, empty wallet. */
    public static Wallet open(WalletId id, CurrencyCode currency, Instant openedAt) {
        return new Wallet(id, currency, Money.ZERO, openedAt, openedAt);
    }

    /** A wallet as it was stored. */
    public static Wallet reconstitute(WalletId id, CurrencyCode currency, Money balance, Instant createdAt, Instant updatedAt) {
        return new Wallet(id, currency, balance, createdAt, updatedAt);
    }

    public boolean canWithdraw(Amount amount) {
        return balance.covers(amount);
    }

    public boolean canDeposit(Amount amount) {
        return balance.canAbsorb(amount);
    }

    /** Raises the balance; the caller has checked {@link #canDeposit}. */
    public Money deposit(Amount amount, Instant at) {
        balance = balance.plus(amount);
        updatedAt = at;
        return balance;
    }

    /** Lowers the balance; the caller has checked {@link #canWithdraw}. */
    public Money withdraw(Amount amount, Instant at) {
        balance = balance.minus(amount);
        updatedAt = at;
        return balance;
    }

    public WalletId id() {
        return id;
    }

    public CurrencyCode currency() {
        return currency;
    }

    public Money balance() {
        return balance;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    @Override
    public String toString() {
        return "Wallet[" + id + ", " + balance.amountMinor() + " " + currency + "]";
    }
}
