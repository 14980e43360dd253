package io.github.wallet.application.port.in;

import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.operation.Hold;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.operation.RejectionReason;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A hold as the API shows it: placed (active or settled), or still queued (PENDING), or refused
 * when it was to be placed (REJECTED, with the reason).
 */
public record HoldView(OperationId holdId, WalletId walletId, Optional<WalletId> toWalletId, Amount amount, long capturedAmount,
                       Status status, Optional<RejectionReason> rejection, Instant expiresAt, Instant createdAt, Optional<Instant> settledAt) {

    /** A hold's life as clients see it: the domain's statuses plus the two before there is a hold. */
    public enum Status { PENDING, ACTIVE, CAPTURED, VOIDED, EXPIRED, REJECTED }

    public HoldView {
        Objects.requireNonNull(holdId, "'holdId' must not be null");
        Objects.requireNonNull(walletId, "'walletId' must not be null");
        Objects.requireNonNull(amount, "'amount' must not be null");
        Objects.requireNonNull(status, "'status' must not be null");
        Objects.requireNonNull(expiresAt, "'expiresAt' must not be null");
        Objects.requireNonNull(createdAt, "'createdAt' must not be null");
        toWalletId = toWalletId == null ? Optional.empty() : toWalletId;
        rejection = rejection == null ? Optional.empty() : rejection;
        settledAt = settledAt == null ? Optional.empty() : settledAt;
    }

    public static HoldView of(Hold hold) {
        return new HoldView(hold.id(), hold.walletId(), hold.toWalletId(), hold.amount(), hold.capturedAmount(),
                Status.valueOf(hold.status().name()), Optional.empty(), hold.expiresAt(), hold.createdAt(), hold.settledAt());
    }

    /** The hold as its placement left it: active, nothing captured or settled (what a replay of the placement answers). */
    public HoldView asPlaced() {
        return new HoldView(holdId, walletId, toWalletId, amount, 0, Status.ACTIVE, Optional.empty(), expiresAt, createdAt, Optional.empty());
    }

    /** A placement not placed: still queued, or refused (or failed) when decided. Empty for other operations. */
    public static Optional<HoldView> ofPlacement(OperationRecord record) {
        if (!(record.operation() instanceof Operation.HoldPlacement placement)) {
            return Optional.empty();
        }
        Status status = Status.PENDING;
        Optional<RejectionReason> rejection = Optional.empty();
        Optional<Instant> settledAt = Optional.empty();
        if (record instanceof OperationRecord.Decided decided) {
            status = Status.REJECTED;
            settledAt = Optional.of(decided.decidedAt());
            rejection = decided.outcome() instanceof Outcome.Rejected rejected ? Optional.of(rejected.reason()) : Optional.empty();
        }
        return Optional.of(new HoldView(placement.id(), placement.walletId(), placement.toWalletId(), placement.amount(), 0,
                status, rejection, placement.expiresAt(), record.createdAt(), settledAt));
    }
}
