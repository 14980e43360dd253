package io.github.wallet.domain.money;

/**
 * A balance in minor units (kopecks, cents), signed: a wallet with an overdraft line may go below
 * zero, down to its floor (see {@code Wallet}). Arithmetic that would leave the range of a
 * {@code long} is refused, never wrapped.
 */
public record Money(long amountMinor) implements Comparable<Money> {

    public static final Money ZERO = new Money(0);

    public Money {
        if (amountMinor == Long.MIN_VALUE) {
            throw new IllegalArgumentException("'amountMinor' must be above Long.MIN_VALUE, so that it can be negated");
        }
    }

    /** Whether adding {@code amount} stays within {@link Long#MAX_VALUE}. */
    public boolean canAbsorb(Amount amount) {
        return amountMinor <= Long.MAX_VALUE - amount.amountMinor();
    }

    /** Whether taking {@code amount} away leaves at least {@code floor}. */
    public boolean staysAtOrAbove(long floor, Amount amount) {
        try {
            return Math.subtractExact(amountMinor, amount.amountMinor()) >= floor;
        } catch (ArithmeticException belowLongRange) {
            return false;
        }
    }

    public Money plus(Amount amount) {
        if (!canAbsorb(amount)) {
            throw new IllegalStateException("adding " + amount.amountMinor() + " to " + amountMinor + " overflows; check canAbsorb first");
        }
        return new Money(amountMinor + amount.amountMinor());
    }

    public Money minus(Amount amount) {
        if (amountMinor < -Long.MAX_VALUE + amount.amountMinor()) {
            throw new IllegalStateException("taking " + amount.amountMinor() + " from " + amountMinor + " underflows");
        }
        return new Money(amountMinor - amount.amountMinor());
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(amountMinor, other.amountMinor);
    }
}
