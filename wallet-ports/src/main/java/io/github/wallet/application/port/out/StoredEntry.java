package io.github.wallet.application.port.out;

import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationType;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Instant;
import java.util.Objects;

/**
 * A ledger entry as the store keeps it, with everything its chain hash covers.
 *
 * @param delta     the signed amount
 * @param decidedAt when the operation that made it was decided
 * @param hash      the hash stored with it
 */
public record StoredEntry(WalletId walletId, OperationId operationId, OperationType type, long delta, long balanceAfter,
                          Instant decidedAt, String hash) {
    public StoredEntry {
        Objects.requireNonNull(walletId, "'walletId' must not be null");
        Objects.requireNonNull(operationId, "'operationId' must not be null");
        Objects.requireNonNull(type, "'type' must not be null");
        Objects.requireNonNull(decidedAt, "'decidedAt' must not be null");
        Objects.requireNonNull(hash, "'hash' must not be null");
    }
}
