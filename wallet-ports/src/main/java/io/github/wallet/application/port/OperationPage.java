package io.github.wallet.application.port;

import io.github.wallet.domain.operation.OperationRecord;
import java.util.List;
import java.util.OptionalLong;

/**
 * A page of history, newest first, and where the next (older) page starts if there is one.
 */
public record OperationPage(List<OperationRecord> items, OptionalLong nextBefore) {
    public OperationPage {
        items = List.copyOf(items);
    }
}
