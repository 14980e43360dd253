package io.github.wallet.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.operation.RejectionReason;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Instant;

/**
 * An operation as the API shows it: {@code fromWalletId} and {@code toWalletId} for transfers,
 * {@code walletId} (and {@code toWalletId} where a hold moves money) for the rest; a hold's steps
 * carry {@code holdId}, rule changes the {@code limits} or {@code walletStatus} they set; in a
 * wallet's history, {@code entryHash} is the hash of the wallet's ledger entry. Absent fields are
 * left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OperationResponse(String operationId, String type, String walletId, String fromWalletId, String toWalletId, Long amount,
                         String holdId, Instant expiresAt, LimitsResponse limits, String walletStatus,
                         String status, String rejectionCode, String failureReason, Long balanceAfter,
                         Instant createdAt, Instant completedAt, String entryHash) {

    static OperationResponse of(OperationRecord op) {
        Operation operation = op.operation();
        boolean transfer = operation instanceof Operation.Transfer;
        String walletId = op.walletId().toString();
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
                operation.counterpartyId().map(WalletId::toString).orElse(null),
                operation.requestedAmount().map(Amount::amountMinor).orElse(null),
                operation.holdId().map(OperationId::toString).orElse(null),
                operation instanceof Operation.HoldPlacement placement ? placement.expiresAt() : null,
                operation instanceof Operation.LimitsChange change ? LimitsResponse.of(change.limits()) : null,
                operation instanceof Operation.StatusChange change ? change.status().name() : null,
                op.status().name(), rejectionCode, failureReason, balanceAfter, op.createdAt(), completedAt, null);
    }

    /** As shown in a wallet's history: with the hash of the wallet's ledger entry it made, if any. */
    OperationResponse withEntryHash(String value) {
        return new OperationResponse(operationId, type, walletId, fromWalletId, toWalletId, amount, holdId, expiresAt, limits, walletStatus,
                status, rejectionCode, failureReason, balanceAfter, createdAt, completedAt, value);
    }

    /** Each rejection reason's problem; exhaustive, so a new reason cannot go unanswered. */
    static ProblemCode rejectionCode(RejectionReason reason) {
        return switch (reason) {
            case INSUFFICIENT_FUNDS -> ProblemCode.INSUFFICIENT_FUNDS;
            case BALANCE_LIMIT_EXCEEDED -> ProblemCode.BALANCE_LIMIT_EXCEEDED;
            case CURRENCY_MISMATCH -> ProblemCode.CURRENCY_MISMATCH;
            case WALLET_NOT_FOUND -> ProblemCode.WALLET_NOT_FOUND;
            case DEBIT_LIMIT_EXCEEDED -> ProblemCode.DEBIT_LIMIT_EXCEEDED;
            case WALLET_FROZEN -> ProblemCode.WALLET_FROZEN;
            case HOLD_NOT_FOUND -> ProblemCode.HOLD_NOT_FOUND;
            case HOLD_NOT_ACTIVE -> ProblemCode.HOLD_NOT_ACTIVE;
            case AMOUNT_EXCEEDS_HOLD -> ProblemCode.AMOUNT_EXCEEDS_HOLD;
        };
    }
}
