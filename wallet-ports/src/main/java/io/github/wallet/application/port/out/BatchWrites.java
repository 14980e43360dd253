package io.github.wallet.application.port.out;

import io.github.wallet.domain.operation.LedgerEntry;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one batch writes: its newly decided operations in decision order, their ledger entries,
 * and the new balances of the wallets they changed.
 */
public record BatchWrites(Instant decidedAt, List<StoredOperation> operations, List<LedgerEntry> entries, List<WalletSnapshot> balances) {
    public BatchWrites {
        Objects.requireNonNull(decidedAt, "'decidedAt' must not be null");
        operations = List.copyOf(operations);
        entries = List.copyOf(entries);
        balances = List.copyOf(balances);
    }

    public boolean isEmpty() {
        return operations.isEmpty();
    }
}
