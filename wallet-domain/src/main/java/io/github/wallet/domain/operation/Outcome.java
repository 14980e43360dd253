package io.github.wallet.domain.operation;

import io.github.wallet.domain.money.Money;
import java.util.Objects;

/**
 * How one operation ended: decided by the ledger (completed or rejected), or failed because the
 * store refused to keep it (a constraint, a value it cannot hold), with no effect either way.
 */
public sealed interface Outcome permits Outcome.Completed, Outcome.Rejected, Outcome.Failed {

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

    /** The store refused what the operation would write; it had no effect. {@code reason} says what was refused. */
    record Failed(String reason) implements Outcome {
        public Failed {
            Objects.requireNonNull(reason, "'reason' must not be null");
        }
    }
}
