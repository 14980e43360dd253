package io.github.wallet.application.port.in;

import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationType;
import io.github.wallet.domain.wallet.WalletId;
import java.util.Objects;
import java.util.Optional;

/**
 * A client's request to move money.
 *
 * @param walletId       the wallet (a transfer's source)
 * @param targetWalletId a transfer's target; empty otherwise
 */
public record SubmitOperationCommand(
        OperationType type,
        WalletId walletId,
        Optional<WalletId> targetWalletId,
        Amount amount,
        Optional<IdempotencyKey> idempotencyKey) {

    public SubmitOperationCommand {
        Objects.requireNonNull(type, "'type' must not be null");
        Objects.requireNonNull(walletId, "'walletId' must not be null");
        Objects.requireNonNull(amount, "'amount' must not be null");
        targetWalletId = targetWalletId == null ? Optional.empty() : targetWalletId;
        idempotencyKey = idempotencyKey == null ? Optional.empty() : idempotencyKey;
        if (type != OperationType.DEPOSIT && type != OperationType.WITHDRAW && type != OperationType.TRANSFER) {
            throw new IllegalArgumentException("'type' must be DEPOSIT, WITHDRAW or TRANSFER (holds and rules have their own use cases), was " + type);
        }
        if ((type == OperationType.TRANSFER) != targetWalletId.isPresent()) {
            throw new IllegalArgumentException("'targetWalletId' must be present for a transfer and only then, was " + targetWalletId + " for " + type);
        }
        if (targetWalletId.filter(walletId::equals).isPresent()) {
            throw new IllegalArgumentException("'targetWalletId' must differ from 'walletId', both were " + walletId);
        }
    }

    public static SubmitOperationCommand deposit(WalletId walletId, Amount amount) {
        return new SubmitOperationCommand(OperationType.DEPOSIT, walletId, Optional.empty(), amount, Optional.empty());
    }

    public static SubmitOperationCommand withdrawal(WalletId walletId, Amount amount) {
        return new SubmitOperationCommand(OperationType.WITHDRAW, walletId, Optional.empty(), amount, Optional.empty());
    }

    public static SubmitOperationCommand transfer(WalletId source, WalletId target, Amount amount) {
        return new SubmitOperationCommand(OperationType.TRANSFER, source, Optional.of(target), amount, Optional.empty());
    }

    public SubmitOperationCommand withIdempotencyKey(IdempotencyKey key) {
        return new SubmitOperationCommand(type, walletId, targetWalletId, amount, Optional.of(key));
    }

    /** The operation this command asks for, under the given id. */
    public Operation toOperation(OperationId id) {
        return switch (type) {
            case DEPOSIT -> new Operation.Deposit(id, walletId, amount);
            case WITHDRAW -> new Operation.Withdrawal(id, walletId, amount);
            case TRANSFER -> new Operation.Transfer(id, walletId, targetWalletId.orElseThrow(), amount);
            default -> throw new IllegalStateException("not a money movement: " + type);
        };
    }
}
