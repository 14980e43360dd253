package io.github.wallet.application.port;

import io.github.wallet.domain.operation.Hold;
import io.github.wallet.domain.operation.OperationId;
import java.util.List;
import java.util.Optional;

/**
 * A page of a wallet's placed holds, newest first, and the hold the next (older) page starts after.
 */
public record HoldPage(List<Hold> items, Optional<OperationId> nextBefore) {
    public HoldPage {
        items = List.copyOf(items);
        nextBefore = nextBefore == null ? Optional.empty() : nextBefore;
    }
}
