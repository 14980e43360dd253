package io.github.wallet.application.port;

import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A page of a wallet's history, newest first, where the next (older) page starts if there is one,
 * and the hash of the wallet's ledger entry each operation made (for those that made one).
 */
public record OperationPage(List<OperationRecord> items, OptionalLong nextBefore, Map<OperationId, String> entryHashes) {
    public OperationPage {
        items = List.copyOf(items);
        entryHashes = Map.copyOf(entryHashes);
    }

    public OperationPage(List<OperationRecord> items, OptionalLong nextBefore) {
        this(items, nextBefore, Map.of());
    }
}
