package io.github.wallet.adapter.in.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wallet.domain.wallet.WalletLimits;
import io.github.wallet.domain.wallet.WalletStatus;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a wallet's rules from a body: the limits object (whole, as PUT replaces it) and the status.
 */
final class WalletRulesBodies {

    static final Set<String> LIMIT_FIELDS = Set.of("overdraftLimit", "maxBalance", "maxDebitPerDay", "maxDebitPerMonth");
    static final Pattern STATUS = Pattern.compile("ACTIVE|FROZEN");
    static final String STATUS_EXPECTATION = "ACTIVE or FROZEN";

    private WalletRulesBodies() {
    }

    /** Every field an integer from 0 to 2^63−1; an absent or null one means no limit (no overdraft). */
    static WalletLimits limits(JsonFields fields) {
        OptionalLong overdraft = fields.wholeNumber("overdraftLimit", 0, Long.MAX_VALUE);
        OptionalLong maxBalance = fields.wholeNumber("maxBalance", 0, Long.MAX_VALUE);
        OptionalLong perDay = fields.wholeNumber("maxDebitPerDay", 0, Long.MAX_VALUE);
        OptionalLong perMonth = fields.wholeNumber("maxDebitPerMonth", 0, Long.MAX_VALUE);
        return new WalletLimits(overdraft.orElse(0), maxBalance, perDay, perMonth);
    }

    /** The limits object named {@code field} of {@code fields}' body, its problems reported under {@code field.}. */
    static Optional<WalletLimits> nestedLimits(JsonFields fields, String field) {
        Optional<ObjectNode> object = fields.object(field);
        if (object.isEmpty()) {
            return Optional.empty();
        }
        JsonFields nested = new JsonFields(object.get(), LIMIT_FIELDS);
        WalletLimits limits = limits(nested);
        fields.include(field, nested);
        return Optional.of(limits);
    }

    static Optional<WalletStatus> status(JsonFields fields, boolean required) {
        return fields.text("status", required, STATUS, STATUS_EXPECTATION).map(WalletStatus::valueOf);
    }
}
