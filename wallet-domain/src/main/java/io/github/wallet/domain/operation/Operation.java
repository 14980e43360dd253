package io.github.wallet.domain.operation;

import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.wallet.WalletId;
import java.util.List;
import java.util.Objects;

/**
 * A request to move money, as the ledger decides it: a deposit, a withdrawal or a transfer.
 */
public sealed interface Operation permits Operation.Deposit, Operation.Withdrawal, Operation.Transfer {

    OperationId id();

    OperationType type();

    /** The wallet the operation is about; a transfer's source. Its queue shard and its order. */
    WalletId walletId();

    Amount amount();

    /** Every wallet the operation touches. */
    List<WalletId> walletIds();

    /** The same request under another id: what a second request with the same idempotency key would queue. */
    default Operation withId(OperationId otherId) {
        return switch (this) {
            case Deposit deposit -> new Deposit(otherId, deposit.walletId(), deposit.amount());
            case Withdrawal withdrawal -> new Withdrawal(otherId, withdrawal.walletId(), withdrawal.amount());
            case Transfer transfer -> new Transfer(otherId, transfer.source(), transfer.target(), transfer.amount());
        };
    }

    /** Money coming into a wallet. */
    record Deposit(OperationId id, WalletId walletId, Amount amount) implements Operation {
        public Deposit {
            Objects.requireNonNull(id, "'id' must not be null");
            Objects.requireNonNull(walletId, "'walletId' must not be null");
            Objects.requireNonNull(amount, "'amount' must not be null");
        }

        @Override
        public OperationType type() {
            return OperationType.DEPOSIT;
        }

        @Override
        public List<WalletId> walletIds() {
            return List.of(walletId);
        }
    }

    /** Money leaving a wallet. */
    record Withdrawal(OperationId id, WalletId walletId, Amount amount) implements Operation {
        public Withdrawal {
            Objects.requireNonNull(id, "'id' must not be null");
            Objects.requireNonNull(walletId, "'walletId' must not be null");
            Objects.requireNonNull(amount, "'amount' must not be null");
        }

        @Override
        public OperationType type() {
            return OperationType.WITHDRAW;
        }

        @Override
        public List<WalletId> walletIds() {
            return List.of(walletId);
        }
    }

    /** Money moving from one wallet to another of the same currency: both sides or neither. */
    record Transfer(OperationId id, WalletId source, WalletId target, Amount amount) implements Operation {
        public Transfer {
            Objects.requireNonNull(id, "'id' must not be null");
            Objects.requireNonNull(source, "'source' must not be null");
            Objects.requireNonNull(target, "'target' must not be null");
            Objects.requireNonNull(amount, "'amount' must not be null");
            if (source.equals(target)) {
                throw new IllegalArgumentException("'target' must differ from 'source', both were " + source);
            }
        }

        @Override
        public OperationType type() {
            return OperationType.TRANSFER;
        }

        @Override
        public WalletId walletId() {
            return source;
        }

        @Override
        public List<WalletId> walletIds() {
            return List.of(source, target);
        }
    }
}
