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
 */
public record BatchWrites(Instant decidedAt, List<StoredOperation> operations, List<ChainedEntry> entries, List<WalletSnapshot> wallets,
                          List<Hold> holds, List<OperationEvent> events) {
    public BatchWrites {
        Objects.requireNonNull(decidedAt, "'decidedAt' must not be null");
        operations = List.copyOf(operations);
        entries = List.copyOf(entries);
        wallets = List.copyOf(wallets);
        holds = List.copyOf(holds);
        events = List.copyOf(events);
    }

    /** Operations only: what a batch of one refused operation writes. */
    public static BatchWrites operationsOnly(Instant decidedAt, List<StoredOperation> operations) {
        return new BatchWrites(decidedAt, operations, List.of(), List.of(), List.of(), List.of());
    }

    public boolean isEmpty() {
        return operations.isEmpty();
    }
}
