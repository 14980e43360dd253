package io.github.wallet.domain.operation;

import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletLimits;
import io.github.wallet.domain.wallet.WalletStatus;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What makes two requests "the same request" under one idempotency key: everything the client
 * asked for, nothing the service filled in (ids, times). Made only by the factories here, so that
 * every place that stores or compares one agrees on its text.
 */
public record RequestFingerprint(String value) {

    public RequestFingerprint {
        Objects.requireNonNull(value, "'value' must not be null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("'value' must not be empty");
        }
    }

    /**
     * The fingerprint of a request queued as {@code operation}: its type and what the client named,
     * never the operation's id. A hold placement's depends on the expiry as asked, so it has its
     * own factory ({@link #ofHoldPlacement}).
     */
    public static RequestFingerprint of(Operation operation) {
        String wallet = operation.walletId().toString();
        String amount = operation.requestedAmount().map(a -> Long.toString(a.amountMinor())).orElse("");
        String rest = switch (operation) {
            case Operation.Deposit d -> wallet + "||" + amount;
            case Operation.Withdrawal w -> wallet + "||" + amount;
            case Operation.Transfer t -> wallet + "|" + t.target() + "|" + amount;
            case Operation.HoldCapture c -> c.hold() + "|" + amount;
            case Operation.HoldVoid v -> v.hold().toString();
            case Operation.HoldExpiry e -> e.hold().toString();
            case Operation.LimitsChange l -> wallet + "|" + limitsText(l.limits());
            case Operation.StatusChange s -> wallet + "|" + s.status();
            case Operation.HoldPlacement p -> throw new IllegalArgumentException("a hold placement's fingerprint needs the expiry as asked: use ofHoldPlacement");
        };
        return new RequestFingerprint(operation.type() + "|" + rest);
    }

    /** The fingerprint of a request to place a hold, with the expiry as the client asked (empty: the default). */
    public static RequestFingerprint ofHoldPlacement(Operation.HoldPlacement placement, OptionalLong expiresInSeconds) {
        return new RequestFingerprint("HOLD|" + placement.walletId() + "|" + placement.toWalletId().map(WalletId::toString).orElse("")
                + "|" + placement.amount().amountMinor() + "|" + (expiresInSeconds.isPresent() ? Long.toString(expiresInSeconds.getAsLong()) : ""));
    }

    /** The fingerprint of a request to open a wallet: the id, currency, limits and status as the client asked (the id may be left out). */
    public static RequestFingerprint ofWalletOpening(Optional<WalletId> requestedId, CurrencyCode currency, WalletLimits limits, WalletStatus status) {
        String rules = limits.equals(WalletLimits.NONE) && status == WalletStatus.ACTIVE ? "" : "|" + limitsText(limits) + "|" + status;
        return new RequestFingerprint("CREATE|" + requestedId.map(WalletId::toString).orElse("") + "|" + currency + rules);
    }

    /** The fingerprint of a webhook's registration: its URL, event types and wallets, whatever order they were listed in. */
    public static RequestFingerprint ofWebhookRegistration(String url, java.util.Set<String> eventTypes, java.util.Set<WalletId> walletIds) {
        return new RequestFingerprint("WEBHOOK|" + url + "|" + String.join(",", eventTypes.stream().sorted().toList()) + "|"
                + String.join(",", walletIds.stream().map(WalletId::toString).sorted().toList()));
    }

    /** The fingerprint of a request to open a plain wallet (no limits, active). */
    public static RequestFingerprint ofWalletOpening(Optional<WalletId> requestedId, CurrencyCode currency) {
        return ofWalletOpening(requestedId, currency, WalletLimits.NONE, WalletStatus.ACTIVE);
    }

    private static String limitsText(WalletLimits limits) {
        return limits.overdraftLimit() + "|" + limits.maxBalance() + "|" + limits.maxDebitPerDay() + "|" + limits.maxDebitPerMonth();
    }

    @Override
    public String toString() {
        return value;
    }
}
