package io.github.wallet.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.OperationType;
import io.github.wallet.domain.operation.RejectionReason;
import java.time.Instant;

/**
 * An operation as the API shows it: {@code walletId} for deposits and withdrawals,
 * {@code fromWalletId} and {@code toWalletId} for transfers; absent fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OperationResponse(String operationId, String type, String walletId, String fromWalletId, String toWalletId,
                         long amount, String status, String rejectionCode, Long balanceAfter,
                         Instant createdAt, Instant completedAt) {

    static OperationResponse of(OperationRecord op) {
        boolean transfer = op.type() == OperationType.TRANSFER;
        return new OperationResponse(
                op.id().toString(),
                op.type().name(),
                transfer ? null : op.walletId().toString(),
                transfer ? op.walletId().toString() : null,
                transfer ? op.targetWalletId().toString() : null,
                op.amount().amountMinor(),
                op.status().name(),
                op.rejection() == null ? null : rejectionCode(op.rejection()).name(),
                op.balanceAfter() == null ? null : op.balanceAfter().amountMinor(),
                op.createdAt(),
                op.completedAt());
    }

    /** Each rejection reason's problem; exhaustive, so a new reason cannot go unanswered. */
    static ProblemCode rejectionCode(RejectionReason reason) {
        return switch (reason) {
            case INSUFFICIENT_FUNDS -> ProblemCode.INSUFFICIENT_FUNDS;
            case BALANCE_LIMIT_EXCEEDED -> ProblemCode.BALANCE_LIMIT_EXCEEDED;
            case CURRENCY_MISMATCH -> ProblemCode.CURRENCY_MISMATCH;
            case WALLET_NOT_FOUND -> ProblemCode.WALLET_NOT_FOUND;
        };
    }
}
