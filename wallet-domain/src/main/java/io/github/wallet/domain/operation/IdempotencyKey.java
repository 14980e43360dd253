package io.github.wallet.domain.operation;

/**
 * A client's name for one intended request, so that retries of it take effect once:
 * 1 to 255 visible ASCII characters.
 */
public record IdempotencyKey(String value) {

    public static final int LENGTH_MAX = 255;

    public IdempotencyKey {
        if (!isValid(value)) {
            throw new IllegalArgumentException("'value' must be 1 to " + LENGTH_MAX + " visible ASCII characters, was " + value);
        }
    }

    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > LENGTH_MAX) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
