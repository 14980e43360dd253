package io.github.wallet.adapter.out.postgres;

import io.github.wallet.domain.operation.OperationRecord;

/**
 * An operation row with what only the store knows: its position in history and the request it came from.
 */
record StoredOperation(long seq, OperationRecord record, String idempotencyKey, String fingerprint) {

    static StoredOperation of(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new StoredOperation(rs.getLong("seq"), Rows.operation(rs), rs.getString("idempotency_key"), rs.getString("request_fingerprint"));
    }
}
