package io.github.wallet.domain.money;

/**
 * How much one operation moves, in minor units: from 1 to 10^15 inclusive.
 */
public record Amount(long amountMinor) {

    /** The largest amount one operation may move: 10^15 minor units. */
    public static final long MAX_MINOR = 1_000_000_000_000_000L;

    public Amount {
        if (amountMinor < 1 || amountMinor > MAX_MINOR) {
            throw new IllegalArgumentException("'amountMinor' must be between 1 and " + MAX_MINOR + ", was " + amountMinor);
        }
    }

    /** Whether {@code amountMinor} is a valid amount, for callers that validate before constructing. */
    public static boolean isValid(long amountMinor) {
        return amountMinor >= 1 && amountMinor <= MAX_MINOR;
    }
}
