package io.github.wallet.adapter.out.postgres;

import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.OperationStatus;
import io.github.wallet.domain.operation.OperationType;
import io.github.wallet.domain.operation.RejectionReason;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Maps rows of the wallet and operation tables to domain values.
 */
final class Rows {

    static final String WALLET_COLUMNS = "wallet_id, currency, balance, created_at, updated_at";
    static final String OPERATION_COLUMNS = "seq, operation_id, type, wallet_id, target_wallet_id, amount, status, rejection_code, "
            + "balance_after, created_at, completed_at, idempotency_key, request_fingerprint";

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

    static OperationRecord operation(ResultSet rs) throws SQLException {
        UUID target = rs.getObject("target_wallet_id", UUID.class);
        String rejection = rs.getString("rejection_code");
        long balanceAfter = rs.getLong("balance_after");
        boolean hasBalance = !rs.wasNull();
        return new OperationRecord(
                new OperationId(rs.getObject("operation_id", UUID.class)),
                OperationType.valueOf(rs.getString("type")),
                new WalletId(rs.getObject("wallet_id", UUID.class)),
                target == null ? null : new WalletId(target),
                new Amount(rs.getLong("amount")),
                OperationStatus.valueOf(rs.getString("status")),
                rejection == null ? null : RejectionReason.valueOf(rejection),
                hasBalance ? new Money(balanceAfter) : null,
                instant(rs, "created_at"),
                instant(rs, "completed_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
