package io.github.wallet.domain.operation;

import io.github.wallet.domain.money.Money;
import java.util.Objects;

/**
 * What the ledger decided about one operation.
 */
public sealed interface Outcome permits Outcome.Completed, Outcome.Rejected {

    /** The operation took effect; {@code balanceAfter} is that of its wallet (a transfer's source). */
    record Completed(Money balanceAfter) implements Outcome {
        public Completed {
            Objects.requireNonNull(balanceAfter, "'balanceAfter' must not be null");
        }
    }

    /** The operation had no effect, for the named reason. */
    record Rejected(RejectionReason reason) implements Outcome {
        public Rejected {
            Objects.requireNonNull(reason, "'reason' must not be null");
        }
    }
}
