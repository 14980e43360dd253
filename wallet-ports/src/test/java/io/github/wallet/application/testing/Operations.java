package io.github.wallet.application.testing;

import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Test data: queued operations as the processor hands them to a store.
 */
public final class Operations {

    public static final Instant AT = Instant.parse("2026-01-01T10:00:00.123456Z");

    private Operations() {
    }

    public static QueuedOperation deposit(WalletId walletId, long amount) {
        return queued(new Operation.Deposit(newId(), walletId, new Amount(amount)), null);
    }

    public static QueuedOperation withdrawal(WalletId walletId, long amount) {
        return queued(new Operation.Withdrawal(newId(), walletId, new Amount(amount)), null);
    }

    public static QueuedOperation transfer(WalletId source, WalletId target, long amount) {
        return queued(new Operation.Transfer(newId(), source, target, new Amount(amount)), null);
    }

    public static QueuedOperation withKey(QueuedOperation operation, String key) {
        return new QueuedOperation(operation.operation(), Optional.of(new IdempotencyKey(key)), operation.fingerprint(), operation.replyTo());
    }

    /** The same operation under a new id, as a second request with the same key would queue it. */
    public static QueuedOperation again(QueuedOperation operation) {
        OperationRecord record = operation.operation();
        Operation copy = switch (record.operation()) {
            case Operation.Deposit d -> new Operation.Deposit(newId(), d.walletId(), d.amount());
            case Operation.Withdrawal w -> new Operation.Withdrawal(newId(), w.walletId(), w.amount());
            case Operation.Transfer t -> new Operation.Transfer(newId(), t.source(), t.target(), t.amount());
        };
        return new QueuedOperation(OperationRecord.pending(copy, record.createdAt()), operation.idempotencyKey(), operation.fingerprint(), operation.replyTo());
    }

    private static QueuedOperation queued(Operation operation, IdempotencyKey key) {
        String fingerprint = operation.type() + "|" + operation.walletId() + "|" + operation.amount().amountMinor();
        return new QueuedOperation(OperationRecord.pending(operation, Instant.now().truncatedTo(ChronoUnit.MICROS)), Optional.ofNullable(key), fingerprint, QueuedOperation.LOCAL);
    }

    private static OperationId newId() {
        return new OperationId(UUID.randomUUID());
    }
}
