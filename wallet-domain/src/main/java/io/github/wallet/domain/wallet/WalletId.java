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

    /**
     * Byte by byte, as PostgreSQL orders uuids (UUID's own compareTo compares signed halves): so the
     * order a batch writes its wallets in is the order the store locks them in.
     */
    @Override
    public int compareTo(WalletId other) {
        int high = Long.compareUnsigned(value.getMostSignificantBits(), other.value.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(value.getLeastSignificantBits(), other.value.getLeastSignificantBits());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
