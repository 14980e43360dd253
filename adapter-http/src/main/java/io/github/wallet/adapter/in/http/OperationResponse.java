package io.github.wallet.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.operation.RejectionReason;
import java.time.Instant;

/**
 * An operation as the API shows it: {@code walletId} for deposits and withdrawals,
 * {@code fromWalletId} and {@code toWalletId} for transfers; absent fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OperationResponse(String operationId, String type, String walletId, String fromWalletId, String toWalletId,
                         long amount, String status, String rejectionCode, String failureReason, Long balanceAfter,
                         Instant createdAt, Instant completedAt) {

    static OperationResponse of(OperationRecord op) {
        String walletId = op.walletId().toString();
        String targetId = op.operation() instanceof Operation.Transfer transfer ? transfer.target().toString() : null;
        boolean transfer = targetId != null;
        String rejectionCode = null;
        String failureReason = null;
        Long balanceAfter = null;
        Instant completedAt = null;
        if (op instanceof OperationRecord.Decided decided) {
            completedAt = decided.decidedAt();
            switch (decided.outcome()) {
                case Outcome.Completed completed -> balanceAfter = completed.balanceAfter().amountMinor();
                case Outcome.Rejected rejected -> rejectionCode = rejectionCode(rejected.reason()).name();
                case Outcome.Failed failed -> failureReason = failed.reason();
            }
        }
        return new OperationResponse(op.id().toString(), op.type().name(), transfer ? null : walletId, transfer ? walletId : null,
                targetId, op.amount().amountMinor(), op.status().name(), rejectionCode, failureReason, balanceAfter, op.createdAt(), completedAt);
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
