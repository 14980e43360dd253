package io.github.wallet.domain.operation;

import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Money reserved on a wallet now and settled later: captured (all or part, withdrawn or moved to
 * {@code toWalletId}), voided, or expired. It settles once; each settlement returns a new value.
 *
 * @param id             the id of the operation that placed it
 * @param capturedAmount what its capture took (0 until captured)
 * @param settledAt      when it was captured, voided or expired
 */
public record Hold(OperationId id, WalletId walletId, Optional<WalletId> toWalletId, Amount amount, long capturedAmount,
                   HoldStatus status, Instant expiresAt, Instant createdAt, Optional<Instant> settledAt) {

    public Hold {
        Objects.requireNonNull(id, "'id' must not be null");
        Objects.requireNonNull(walletId, "'walletId' must not be null");
        toWalletId = toWalletId == null ? Optional.empty() : toWalletId;
        Objects.requireNonNull(amount, "'amount' must not be null");
        Objects.requireNonNull(status, "'status' must not be null");
        Objects.requireNonNull(expiresAt, "'expiresAt' must not be null");
        Objects.requireNonNull(createdAt, "'createdAt' must not be null");
        settledAt = settledAt == null ? Optional.empty() : settledAt;
        if (capturedAmount < 0 || capturedAmount > amount.amountMinor()) {
            throw new IllegalArgumentException("'capturedAmount' must be between 0 and " + amount.amountMinor() + ", was " + capturedAmount);
        }
        if ((status == HoldStatus.ACTIVE) == settledAt.isPresent()) {
            throw new IllegalArgumentException("a hold has 'settledAt' exactly when it is settled; status " + status + ", settledAt " + settledAt);
        }
    }

    /** A hold just placed. */
    public static Hold placed(OperationId id, WalletId walletId, Optional<WalletId> toWalletId, Amount amount, Instant expiresAt, Instant at) {
        return new Hold(id, walletId, toWalletId, amount, 0, HoldStatus.ACTIVE, expiresAt, at, Optional.empty());
    }

    public boolean isActive() {
        return status == HoldStatus.ACTIVE;
    }

    /** Whether its time is up at {@code at}: from then on it can only expire. */
    public boolean hasExpiredAt(Instant at) {
        return !at.isBefore(expiresAt);
    }

    public Hold captured(Amount captured, Instant at) {
        return settled(HoldStatus.CAPTURED, captured.amountMinor(), at);
    }

    public Hold voided(Instant at) {
        return settled(HoldStatus.VOIDED, 0, at);
    }

    public Hold expired(Instant at) {
        return settled(HoldStatus.EXPIRED, 0, at);
    }

    private Hold settled(HoldStatus to, long captured, Instant at) {
        if (!isActive()) {
            throw new IllegalStateException("hold " + id + " is " + status + " already; it settles once");
        }
        return new Hold(id, walletId, toWalletId, amount, captured, to, expiresAt, createdAt, Optional.of(at));
    }
}
