package io.github.wallet.application.port.out;

import io.github.wallet.application.port.OperationEvent;
import io.github.wallet.domain.operation.Hold;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one batch writes: its newly decided operations in decision order, their ledger entries (chained),
 * the wallets they changed (balance, held amount, rules, debit counters), the holds they placed
 * or settled, and one event per decided operation (the outbox).
 *
 * <p>{@code plannedOn}: when the batch was planned on wallets as this process remembers them, not
 * as read under lock in its transaction, those wallets as remembered (every wallet the batch
 * touches, written or not: a rejection depends on a balance too). The store then locks them
 * before it writes anything and writes nothing unless each still is as remembered (see
 * {@link BatchTransaction#write}). Empty when the transaction locked and read them.
 */
public record BatchWrites(Instant decidedAt, List<StoredOperation> operations, List<ChainedEntry> entries, List<WalletSnapshot> wallets,
                          List<Hold> holds, List<OperationEvent> events, List<WalletSnapshot> plannedOn) {
    public BatchWrites {
        Objects.requireNonNull(decidedAt, "'decidedAt' must not be null");
        plannedOn = List.copyOf(plannedOn);
        operations = List.copyOf(operations);
        entries = List.copyOf(entries);
        wallets = List.copyOf(wallets);
        holds = List.copyOf(holds);
        events = List.copyOf(events);
    }

    /** Planned on wallets locked and read in the writing transaction. */
    public BatchWrites(Instant decidedAt, List<StoredOperation> operations, List<ChainedEntry> entries, List<WalletSnapshot> wallets,
                       List<Hold> holds, List<OperationEvent> events) {
        this(decidedAt, operations, entries, wallets, holds, events, List.of());
    }

    /** The same writes, planned on these wallets as remembered. */
    public BatchWrites plannedOn(List<WalletSnapshot> remembered) {
        return new BatchWrites(decidedAt, operations, entries, wallets, holds, events, remembered);
    }

    /** Operations only: what a batch of one refused operation writes. */
    public static BatchWrites operationsOnly(Instant decidedAt, List<StoredOperation> operations) {
        return new BatchWrites(decidedAt, operations, List.of(), List.of(), List.of(), List.of());
    }

    public boolean isEmpty() {
        return operations.isEmpty();
    }
}
