package io.github.wallet.domain.operation;

import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.wallet.WalletId;
import java.util.Objects;
import java.util.Optional;

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

    /** The fingerprint of a request to move money: type, wallets and amount, never the operation's id. */
    public static RequestFingerprint of(Operation operation) {
        String target = operation instanceof Operation.Transfer transfer ? transfer.target().toString() : "";
        return new RequestFingerprint(operation.type() + "|" + operation.walletId() + "|" + target + "|" + operation.amount().amountMinor());
    }

    /** The fingerprint of a request to open a wallet: the id and currency as the client asked (the id may be left out). */
    public static RequestFingerprint ofWalletOpening(Optional<WalletId> requestedId, CurrencyCode currency) {
        return new RequestFingerprint("CREATE|" + requestedId.map(WalletId::toString).orElse("") + "|" + currency);
    }

    @Override
    public String toString() {
        return value;
    }
}
