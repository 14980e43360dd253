package io.github.wallet.adapter.out.postgres;

import io.github.wallet.application.port.out.StoredOperation;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.OperationType;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.operation.RejectionReason;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * Maps rows of the wallet and operation tables to domain values.
 */
final class Rows {

    static final String WALLET_COLUMNS = "wallet_id, currency, balance, created_at, updated_at";
    static final String OPERATION_COLUMNS = "seq, operation_id, type, wallet_id, target_wallet_id, amount, status, rejection_code, "
            + "balance_after, created_at, completed_at, idempotency_key, request_fingerprint, failure_reason";

    private Rows() {
    }

    static WalletSnapshot wallet(ResultSet rs) throws SQLException {
        return new WalletSnapshot(
                new WalletId(rs.getObject("wallet_id", UUID.class)),
                new CurrencyCode(rs.getString("currency")),
                new Money(rs.getLong("balance")),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    /** An operation row with the request it came from. */
    static StoredOperation stored(ResultSet rs) throws SQLException {
        String key = rs.getString("idempotency_key");
        return new StoredOperation(operation(rs), Optional.ofNullable(key).map(IdempotencyKey::new),
                new RequestFingerprint(rs.getString("request_fingerprint")));
    }

    static OperationRecord.Decided operation(ResultSet rs) throws SQLException {
        OperationId id = new OperationId(rs.getObject("operation_id", UUID.class));
        WalletId wallet = new WalletId(rs.getObject("wallet_id", UUID.class));
        Amount amount = new Amount(rs.getLong("amount"));
        Operation operation = switch (OperationType.valueOf(rs.getString("type"))) {
            case DEPOSIT -> new Operation.Deposit(id, wallet, amount);
            case WITHDRAW -> new Operation.Withdrawal(id, wallet, amount);
            case TRANSFER -> new Operation.Transfer(id, wallet, new WalletId(rs.getObject("target_wallet_id", UUID.class)), amount);
        };
        Outcome outcome = switch (rs.getString("status")) {
            case "COMPLETED" -> new Outcome.Completed(new Money(rs.getLong("balance_after")));
            case "REJECTED" -> new Outcome.Rejected(RejectionReason.valueOf(rs.getString("rejection_code")));
            default -> new Outcome.Failed(rs.getString("failure_reason"));
        };
        return new OperationRecord.Decided(operation, instant(rs, "created_at"), outcome, instant(rs, "completed_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
