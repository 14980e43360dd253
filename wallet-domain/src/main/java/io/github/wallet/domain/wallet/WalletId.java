package io.github.wallet.domain.wallet;

import java.util.Objects;
import java.util.UUID;

/**
 * The identity of a wallet.
 */
public record WalletId(UUID value) implements Comparable<WalletId> {

    public WalletId {
        Objects.requireNonNull(value, "'value' must not be null");
    }

    @Override
    public int compareTo(WalletId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
