package io.github.wallet.application.service;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How the core applies holds and limits.
 *
 * @param limitsZone         where the calendar days and months of debit limits turn
 * @param holdExpiryDefault  how long a hold placed without an expiry lasts
 * @param holdExpiryCheck    how often a shard's owner looks for holds whose time is up
 */
public record RuleSettings(ZoneId limitsZone, Duration holdExpiryDefault, Duration holdExpiryCheck) {

    public RuleSettings {
        Objects.requireNonNull(limitsZone, "'limitsZone' must not be null");
        Objects.requireNonNull(holdExpiryDefault, "'holdExpiryDefault' must not be null");
        Objects.requireNonNull(holdExpiryCheck, "'holdExpiryCheck' must not be null");
        if (holdExpiryDefault.compareTo(Duration.ofSeconds(1)) < 0 || holdExpiryDefault.compareTo(WalletDefaults.HOLD_EXPIRY_MAX) > 0) {
            throw new IllegalArgumentException("'holdExpiryDefault' must be between 1 s and " + WalletDefaults.HOLD_EXPIRY_MAX + ", was " + holdExpiryDefault);
        }
        if (holdExpiryCheck.isNegative() || holdExpiryCheck.isZero()) {
            throw new IllegalArgumentException("'holdExpiryCheck' must be positive, was " + holdExpiryCheck);
        }
    }

    public static RuleSettings defaults() {
        return new RuleSettings(WalletDefaults.LIMITS_ZONE, WalletDefaults.HOLD_EXPIRY, WalletDefaults.HOLD_EXPIRY_CHECK);
    }
}
