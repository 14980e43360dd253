package io.github.wallet.domain.operation;

import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known of one operation: what it asked for and, once decided, how it ended.
 *
 * @param targetWalletId a transfer's target, else null
 * @param rejection      why it was rejected, else null
 * @param balanceAfter   its wallet's (a transfer's source's) balance right after it, when completed, else null
 * @param completedAt    when it was decided, else null
 */
public record OperationRecord(
        OperationId id,
        OperationType type,
        WalletId walletId,
        WalletId targetWalletId,
        Amount amount,
        OperationStatus status,
        RejectionReason rejection,
        Money balanceAfter,
        Instant createdAt,
        Instant completedAt) {

    public OperationRecord {
        Objects.requireNonNull(id, "'id' must not be null");
        Objects.requireNonNull(type, "'type' must not be null");
        Objects.requireNonNull(walletId, "'walletId' must not be null");
        Objects.requireNonNull(amount, "'amount' must not be null");
        Objects.requireNonNull(status, "'status' must not be null");
        Objects.requireNonNull(createdAt, "'createdAt' must not be null");
        if ((type == OperationType.TRANSFER) != (targetWalletId != null)) {
            throw new IllegalArgumentException("'targetWalletId' must be set for a transfer and only then, was " + targetWalletId + " for " + type);
        }
        if ((status == OperationStatus.REJECTED) != (rejection != null)) {
            throw new IllegalArgumentException("'rejection' must be set for a rejected operation and only then, was " + rejection + " for " + status);
        }
        if ((status == OperationStatus.COMPLETED) != (balanceAfter != null)) {
            throw new IllegalArgumentException("'balanceAfter' must be set for a completed operation and only then, was " + balanceAfter + " for " + status);
        }
        if ((status == OperationStatus.PENDING) != (completedAt == null)) {
            throw new IllegalArgumentException("'completedAt' must be set once decided and only then, was " + completedAt + " for " + status);
        }
    }

    /** A queued operation, not yet decided. */
    public static OperationRecord pending(Operation operation, Instant createdAt) {
        WalletId target = operation instanceof Operation.Transfer transfer ? transfer.target() : null;
        return new OperationRecord(operation.id(), operation.type(), operation.walletId(), target, operation.amount(),
                OperationStatus.PENDING, null, null, createdAt, null);
    }

    /** The operation as decided by the ledger. */
    public static OperationRecord decided(Decision decision, Instant createdAt, Instant decidedAt) {
        OperationRecord pending = pending(decision.operation(), createdAt);
        return switch (decision.outcome()) {
            case Outcome.Completed completed -> pending.completed(completed.balanceAfter(), decidedAt);
            case Outcome.Rejected rejected -> pending.rejected(rejected.reason(), decidedAt);
        };
    }

    private OperationRecord completed(Money after, Instant at) {
        return new OperationRecord(id, type, walletId, targetWalletId, amount, OperationStatus.COMPLETED, null, after, createdAt, at);
    }

    private OperationRecord rejected(RejectionReason reason, Instant at) {
        return new OperationRecord(id, type, walletId, targetWalletId, amount, OperationStatus.REJECTED, reason, null, createdAt, at);
    }

    /** The operation itself, as the ledger takes it. */
    public Operation operation() {
        return switch (type) {
            case DEPOSIT -> new Operation.Deposit(id, walletId, amount);
            case WITHDRAW -> new Operation.Withdrawal(id, walletId, amount);
            case TRANSFER -> new Operation.Transfer(id, walletId, targetWalletId, amount);
        };
    }

    public boolean isDecided() {
        return status != OperationStatus.PENDING;
    }

    public Optional<WalletId> target() {
        return Optional.ofNullable(targetWalletId);
    }

    public Optional<RejectionReason> rejectionReason() {
        return Optional.ofNullable(rejection);
    }

    public Optional<Money> balance() {
        return Optional.ofNullable(balanceAfter);
    }

    public Optional<Instant> completed() {
        return Optional.ofNullable(completedAt);
    }
}
