package io.github.wallet.domain.wallet;

import java.util.OptionalLong;

/**
 * A wallet's rules on its balance and its debits. Every value is in minor units, 0 or more; an
 * empty one means no limit.
 *
 * @param overdraftLimit   how far below zero the balance may go (0: not at all)
 * @param maxBalance       the balance a credit may not raise it above
 * @param maxDebitPerDay   the most that may leave the wallet in one calendar day
 * @param maxDebitPerMonth the most that may leave the wallet in one calendar month
 */
public record WalletLimits(long overdraftLimit, OptionalLong maxBalance, OptionalLong maxDebitPerDay, OptionalLong maxDebitPerMonth) {

    /** No overdraft and no limit: a plain wallet. */
    public static final WalletLimits NONE = new WalletLimits(0, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());

    public WalletLimits {
        if (overdraftLimit < 0) {
            throw new IllegalArgumentException("'overdraftLimit' must be >= 0, was " + overdraftLimit);
        }
        maxBalance = requireNotNegative(maxBalance, "maxBalance");
        maxDebitPerDay = requireNotNegative(maxDebitPerDay, "maxDebitPerDay");
        maxDebitPerMonth = requireNotNegative(maxDebitPerMonth, "maxDebitPerMonth");
    }

    /** The lowest balance a debit may leave: {@code -overdraftLimit}. */
    public long balanceFloor() {
        return -overdraftLimit;
    }

    private static OptionalLong requireNotNegative(OptionalLong value, String name) {
        if (value == null) {
            return OptionalLong.empty();
        }
        if (value.isPresent() && value.getAsLong() < 0) {
            throw new IllegalArgumentException("'" + name + "' must be >= 0, was " + value.getAsLong());
        }
        return value;
    }
}
