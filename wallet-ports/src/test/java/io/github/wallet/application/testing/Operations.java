package io.github.wallet.application.testing;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.BatchStore;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.service.BatchCommitter;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.operation.RejectionReason;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Test data: queued operations as the processor hands them to a store, and the batch commit that
 * the processor runs, for tests of a store without a worker.
 */
public final class Operations {

    private Operations() {
    }

    public static QueuedOperation deposit(WalletId walletId, long amount) {
        return queued(new Operation.Deposit(newId(), walletId, new Amount(amount)));
    }

    public static QueuedOperation withdrawal(WalletId walletId, long amount) {
        return queued(new Operation.Withdrawal(newId(), walletId, new Amount(amount)));
    }

    public static QueuedOperation transfer(WalletId source, WalletId target, long amount) {
        return queued(new Operation.Transfer(newId(), source, target, new Amount(amount)));
    }

    public static QueuedOperation hold(WalletId walletId, long amount, Optional<WalletId> to, Instant expiresAt) {
        Operation.HoldPlacement placement = new Operation.HoldPlacement(timeOrderedId(), walletId, new Amount(amount), to, expiresAt);
        return new QueuedOperation(new OperationRecord.Pending(placement, now()), Optional.empty(),
                RequestFingerprint.ofHoldPlacement(placement, java.util.OptionalLong.empty()), QueuedOperation.LOCAL);
    }

    public static QueuedOperation capture(WalletId walletId, OperationId hold, Optional<Long> amount, Optional<WalletId> to) {
        return queued(new Operation.HoldCapture(newId(), walletId, hold, amount.map(Amount::new), to));
    }

    public static QueuedOperation voiding(WalletId walletId, OperationId hold) {
        return queued(new Operation.HoldVoid(newId(), walletId, hold));
    }

    public static QueuedOperation expiry(WalletId walletId, OperationId hold) {
        return queued(Operation.HoldExpiry.of(walletId, hold));
    }

    public static QueuedOperation limits(WalletId walletId, io.github.wallet.domain.wallet.WalletLimits limits) {
        return queued(new Operation.LimitsChange(newId(), walletId, limits));
    }

    public static QueuedOperation status(WalletId walletId, io.github.wallet.domain.wallet.WalletStatus status) {
        return queued(new Operation.StatusChange(newId(), walletId, status));
    }

    public static QueuedOperation withKey(QueuedOperation operation, String key) {
        return new QueuedOperation(operation.operation(), Optional.of(new IdempotencyKey(key)), operation.fingerprint(), operation.replyTo());
    }

    /** The same request under a new id, as a second request with the same key would queue it. */
    public static QueuedOperation again(QueuedOperation operation) {
        OperationRecord.Pending pending = operation.operation();
        return new QueuedOperation(new OperationRecord.Pending(pending.operation().withId(newId()), pending.createdAt()),
                operation.idempotencyKey(), operation.fingerprint(), operation.replyTo());
    }

    /** Commits the batch in one transaction as the worker does, and returns each operation's decision. */
    public static List<OperationRecord.Decided> commit(BatchStore store, List<QueuedOperation> batch) {
        return new BatchCommitter(store, io.github.wallet.application.service.RuleSettings.defaults(), io.github.wallet.application.service.WalletSnapshotCache.off()).commit(batch, now()).stream()
                .map(settlement -> ((Settlement.Committed) settlement).operation())
                .toList();
    }

    public static RejectionReason rejection(OperationRecord.Decided decided) {
        return ((Outcome.Rejected) decided.outcome()).reason();
    }

    public static Money balanceAfter(OperationRecord.Decided decided) {
        return ((Outcome.Completed) decided.outcome()).balanceAfter();
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static QueuedOperation queued(Operation operation) {
        return new QueuedOperation(new OperationRecord.Pending(operation, now()), Optional.empty(), RequestFingerprint.of(operation), QueuedOperation.LOCAL);
    }

    /** Time-ordered, as the service makes them: holds list newest first by id. */
    private static OperationId timeOrderedId() {
        return new OperationId(TIME_ORDERED.newId());
    }

    private static final io.github.wallet.application.inprocess.TimeOrderedIdGenerator TIME_ORDERED =
            new io.github.wallet.application.inprocess.TimeOrderedIdGenerator();

    private static OperationId newId() {
        return new OperationId(UUID.randomUUID());
    }
}
