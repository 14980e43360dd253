package io.github.wallet.domain.money;

import java.util.regex.Pattern;

/**
 * The currency a wallet holds, as an ISO 4217 code: three upper-case Latin letters.
 */
public record CurrencyCode(String code) {

    private static final Pattern ISO_4217 = Pattern.compile("[A-Z]{3}");

    public CurrencyCode {
        if (code == null || !ISO_4217.matcher(code).matches()) {
            throw new IllegalArgumentException("'code' must be three upper-case letters (ISO 4217), was " + code);
        }
    }

    public static boolean isValid(String code) {
        return code != null && ISO_4217.matcher(code).matches();
    }

    @Override
    public String toString() {
        return code;
    }
}
