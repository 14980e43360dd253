package io.github.wallet.domain.operation;

import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known of one operation: what it asked for and, once decided, how it ended. Its state is
 * its type: {@link Pending} while queued, {@link Decided} once the ledger has spoken.
 */
public sealed interface OperationRecord permits OperationRecord.Pending, OperationRecord.Decided {

    /** What the operation asks for. */
    Operation operation();

    /** When the operation was accepted. */
    Instant createdAt();

    OperationStatus status();

    default OperationId id() {
        return operation().id();
    }

    default OperationType type() {
        return operation().type();
    }

    /** The wallet the operation is about; a transfer's source. */
    default WalletId walletId() {
        return operation().walletId();
    }

    /** The amount the request names, if any (see {@link Operation#requestedAmount()}). */
    default Optional<Amount> requestedAmount() {
        return operation().requestedAmount();
    }

    /** Queued, not yet decided. */
    record Pending(Operation operation, Instant createdAt) implements OperationRecord {
        public Pending {
            Objects.requireNonNull(operation, "'operation' must not be null");
            Objects.requireNonNull(createdAt, "'createdAt' must not be null");
        }

        @Override
        public OperationStatus status() {
            return OperationStatus.PENDING;
        }

        /** This operation as the ledger decided it. */
        public Decided decided(Outcome outcome, Instant decidedAt) {
            return new Decided(operation, createdAt, outcome, decidedAt);
        }
    }

    /** Decided by the ledger at {@code decidedAt}: completed with a balance, or rejected for a reason. */
    record Decided(Operation operation, Instant createdAt, Outcome outcome, Instant decidedAt) implements OperationRecord {
        public Decided {
            Objects.requireNonNull(operation, "'operation' must not be null");
            Objects.requireNonNull(createdAt, "'createdAt' must not be null");
            Objects.requireNonNull(outcome, "'outcome' must not be null");
            Objects.requireNonNull(decidedAt, "'decidedAt' must not be null");
        }

        @Override
        public OperationStatus status() {
            return switch (outcome) {
                case Outcome.Completed completed -> OperationStatus.COMPLETED;
                case Outcome.Rejected rejected -> OperationStatus.REJECTED;
                case Outcome.Failed failed -> OperationStatus.FAILED;
            };
        }
    }
}
