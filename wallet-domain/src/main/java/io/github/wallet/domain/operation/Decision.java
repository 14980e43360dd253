package io.github.wallet.domain.operation;

import java.util.List;
import java.util.Objects;

/**
 * The ledger's verdict on one operation and the entries it writes (none when rejected). The
 * operation is as decided: a capture of "all of the hold" names the amount it took.
 */
public record Decision(Operation operation, Outcome outcome, List<LedgerEntry> entries) {
    public Decision {
        Objects.requireNonNull(operation, "'operation' must not be null");
        Objects.requireNonNull(outcome, "'outcome' must not be null");
        entries = List.copyOf(entries);
    }
}
