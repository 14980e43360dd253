package io.github.wallet.application.port.in;

import io.github.wallet.domain.wallet.WalletId;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One page of a wallet's history: at most {@code limit} operations older than {@code before}.
 *
 * @param before the position to continue from (a page's {@code nextBefore}), or empty for the newest
 */
public record ListOperationsQuery(WalletId walletId, int limit, OptionalLong before) {

    public static final int LIMIT_MAX = 1000;

    public ListOperationsQuery {
        Objects.requireNonNull(walletId, "'walletId' must not be null");
        Objects.requireNonNull(before, "'before' must not be null");
        if (limit < 1 || limit > LIMIT_MAX) {
            throw new IllegalArgumentException("'limit' must be between 1 and " + LIMIT_MAX + ", was " + limit);
        }
    }
}
