package io.github.wallet.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.wallet.application.port.in.HoldView;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Instant;

/**
 * A hold as the API shows it; {@code operationId} is the step the answer is about (for a
 * placement, the hold's own id), absent when the hold is only read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record HoldResponse(String holdId, String walletId, String toWalletId, long amount, Long capturedAmount, String status,
                    String rejectionCode, Instant expiresAt, Instant createdAt, Instant settledAt, String operationId) {

    static HoldResponse of(HoldView hold) {
        return new HoldResponse(hold.holdId().toString(), hold.walletId().toString(), hold.toWalletId().map(WalletId::toString).orElse(null),
                hold.amount().amountMinor(), hold.status() == HoldView.Status.CAPTURED ? hold.capturedAmount() : null, hold.status().name(),
                hold.rejection().map(reason -> OperationResponse.rejectionCode(reason).name()).orElse(null),
                hold.expiresAt(), hold.createdAt(), hold.settledAt().orElse(null), null);
    }

    HoldResponse withOperationId(String value) {
        return new HoldResponse(holdId, walletId, toWalletId, amount, capturedAmount, status, rejectionCode, expiresAt, createdAt, settledAt, value);
    }
}
