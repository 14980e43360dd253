package io.github.wallet.domain.money;

/**
 * A balance in minor units (kopecks, cents): never negative, never above {@link Long#MAX_VALUE}.
 */
public record Money(long amountMinor) implements Comparable<Money> {

    public static final Money ZERO = new Money(0);

    public Money {
        if (amountMinor < 0) {
            throw new IllegalArgumentException("'amountMinor' must be >= 0, was " + amountMinor);
        }
    }

    /** Whether taking {@code amount} away leaves a balance of zero or more. */
    public boolean covers(Amount amount) {
        return amountMinor >= amount.amountMinor();
    }

    /** Whether adding {@code amount} stays within {@link Long#MAX_VALUE}. */
    public boolean canAbsorb(Amount amount) {
        return amountMinor <= Long.MAX_VALUE - amount.amountMinor();
    }

    public Money plus(Amount amount) {
        if (!canAbsorb(amount)) {
            throw new IllegalStateException("adding " + amount.amountMinor() + " to " + amountMinor + " overflows; check canAbsorb first");
        }
        return new Money(amountMinor + amount.amountMinor());
    }

    public Money minus(Amount amount) {
        if (!covers(amount)) {
            throw new IllegalStateException("taking " + amount.amountMinor() + " from " + amountMinor + " goes below zero; check covers first");
        }
        return new Money(amountMinor - amount.amountMinor());
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(amountMinor, other.amountMinor);
    }
}
