package io.github.wallet.application.port.out;

import io.github.wallet.domain.operation.LedgerEntry;
import io.github.wallet.domain.operation.OperationType;
import java.util.Objects;

/**
 * A ledger entry with its place in its wallet's hash chain (CONTRACT.md §10): the type of the
 * operation that made it and its hash, which links it to the wallet's previous entry.
 */
public record ChainedEntry(LedgerEntry entry, OperationType type, String hash) {
    public ChainedEntry {
        Objects.requireNonNull(entry, "'entry' must not be null");
        Objects.requireNonNull(type, "'type' must not be null");
        Objects.requireNonNull(hash, "'hash' must not be null");
    }
}
