package io.github.wallet.application.port.in;

import io.github.wallet.domain.operation.HoldStatus;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.wallet.WalletId;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a wallet's placed holds, newest first: at most {@code limit}, with {@code status} if
 * given, older than the hold {@code before}.
 */
public record ListHoldsQuery(WalletId walletId, Optional<HoldStatus> status, int limit, Optional<OperationId> before) {

    public ListHoldsQuery {
        Objects.requireNonNull(walletId, "'walletId' must not be null");
        status = status == null ? Optional.empty() : status;
        before = before == null ? Optional.empty() : before;
        if (limit < 1 || limit > ListOperationsQuery.LIMIT_MAX) {
            throw new IllegalArgumentException("'limit' must be between 1 and " + ListOperationsQuery.LIMIT_MAX + ", was " + limit);
        }
    }
}
