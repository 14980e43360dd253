package io.github.wallet.application.port;

import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.Outcome;
import java.util.List;
import java.util.Objects;

/**
 * What the feed says about one decided operation (CONTRACT.md §9): the operation, and each wallet
 * it names as it stood right after it. Written in the transaction that decides the operation (a
 * transactional outbox): no event without its commit, no commit without its event.
 */
public record OperationEvent(OperationRecord.Decided operation, List<EventWallet> wallets) {

    public OperationEvent {
        Objects.requireNonNull(operation, "'operation' must not be null");
        wallets = List.copyOf(wallets);
        if (wallets.isEmpty() || wallets.size() > 2) {
            throw new IllegalArgumentException("an event names one or two wallets, was " + wallets);
        }
    }

    /** {@code operation.completed} or {@code operation.rejected}. */
    public String type() {
        return operation.outcome() instanceof Outcome.Completed ? "operation.completed" : "operation.rejected";
    }
}
