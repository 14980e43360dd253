package io.github.wallet.domain.operation;

import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletLimits;
import io.github.wallet.domain.wallet.WalletStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A request the ledger decides, in its wallet's queue order: money moving (deposit, withdrawal,
 * transfer), a hold's steps (place, capture, void, expire), or a change of the wallet's rules.
 */
public sealed interface Operation permits Operation.Deposit, Operation.Withdrawal, Operation.Transfer, Operation.HoldPlacement,
        Operation.HoldCapture, Operation.HoldVoid, Operation.HoldExpiry, Operation.LimitsChange, Operation.StatusChange {

    OperationId id();

    OperationType type();

    /** The wallet the operation is about (a transfer's source, a hold's wallet): its queue shard and its order. */
    WalletId walletId();

    /** Every wallet the operation touches: all are locked while it is decided. */
    List<WalletId> walletIds();

    /**
     * The amount the request names: what money movements move, what a hold reserves, what a capture
     * asks for (empty: all of the hold). Empty for voids, expiries and rule changes.
     */
    Optional<Amount> requestedAmount();

    /** The other wallet: a transfer's target, or where a hold's capture moves the money. */
    default Optional<WalletId> counterpartyId() {
        return Optional.empty();
    }

    /** The hold this step settles (a placement's hold is itself: its id). */
    default Optional<OperationId> holdId() {
        return Optional.empty();
    }

    /** The same request under another id: what a second request with the same idempotency key would queue. */
    Operation withId(OperationId otherId);

    /** Money coming into a wallet. */
    record Deposit(OperationId id, WalletId walletId, Amount amount) implements Operation {
        public Deposit {
            Objects.requireNonNull(id, "'id' must not be null");
            Objects.requireNonNull(walletId, "'walletId' must not be null");
            Objects.requireNonNull(amount, "'amount' must not be null");
        }

        @Override
        public OperationType type() {
            return OperationType.DEPOSIT;
        }

        @Override
        public List<WalletId> walletIds() {
            return List.of(walletId);
        }

        @Override
        public Optional<Amount> requestedAmount() {
            return Optional.of(amount);
        }

        @Override
        public Deposit withId(OperationId otherId) {
            return new Deposit(otherId, walletId, amount);
        }
    }

    /** Money leaving a wallet. */
    record Withdrawal(OperationId id, WalletId walletId, Amount amount) implements Operation {
        public Withdrawal {
            Objects.requireNonNull(id, "'id' must not be null");
            Objects.requireNonNull(walletId, "'walletId' must not be null");
            Objects.requireNonNull(amount, "'amount' must not be null");
        }

        @Override
        public OperationType type() {
            return OperationType.WITHDRAW;
        }

        @Override
        public List<WalletId> walletIds() {
            return List.of(walletId);
        }

        @Override
        public Optional<Amount> requestedAmount() {
            return Optional.of(amount);
        }

        @Override
        public Withdrawal withId(OperationId otherId) {
            return new Withdrawal(otherId, walletId, amount);
        }
    }

    /** Money moving from one wallet to another of the same currency: both sides or neither. */
    record Transfer(OperationId id, WalletId source, WalletId target, Amount amount) implements Operation {
        public Transfer {
            Objects.requireNonNull(id, "'id' must not be null");
            Objects.requireNonNull(source, "'source' must not be null");
            Objects.requireNonNull(target, "'target' must not be null");
            Objects.requireNonNull(amount, "'amount' must not be null");
            requireDifferent(source, target);
        }

        @Override
        public OperationType type() {
            return OperationType.TRANSFER;
        }

        @Override
        public WalletId walletId() {
            return source;
        }

        @Override
        public List<WalletId> walletIds() {
            return List.of(source, target);
        }

        @Override
        public Optional<Amount> requestedAmount() {
            return Optional.of(amount);
        }

        @Override
        public Optional<WalletId> counterpartyId() {
            return Optional.of(target);
        }

        @Override
        public Transfer withId(OperationId otherId) {
            return new Transfer(otherId, source, target, amount);
        }
    }

    /**
     * Reserves {@code amount} of the wallet's available balance until {@code expiresAt}; its id is
     * the hold's id. With {@code toWalletId}, a capture moves the money there (same currency).
     */
    record HoldPlacement(OperationId id, WalletId walletId, Amount amount, Optional<WalletId> toWalletId, Instant expiresAt) implements Operation {
        public HoldPlacement {
            Objects.requireNonNull(id, "'id' must not be null");
            Objects.requireNonNull(walletId, "'walletId' must not be null");
            Objects.requireNonNull(amount, "'amount' must not be null");
            toWalletId = toWalletId == null ? Optional.empty() : toWalletId;
            toWalletId.ifPresent(to -> requireDifferent(walletId, to));
            Objects.requireNonNull(expiresAt, "'expiresAt' must not be null");
        }

        @Override
        public OperationType type() {
            return OperationType.HOLD;
        }

        @Override
        public List<WalletId> walletIds() {
            return toWalletId.map(to -> List.of(walletId, to)).orElseGet(() -> List.of(walletId));
        }

        @Override
        public Optional<Amount> requestedAmount() {
            return Optional.of(amount);
        }

        @Override
        public Optional<WalletId> counterpartyId() {
            return toWalletId;
        }

        @Override
        public Optional<OperationId> holdId() {
            return Optional.of(id);
        }

        @Override
        public HoldPlacement withId(OperationId otherId) {
            return new HoldPlacement(otherId, walletId, amount, toWalletId, expiresAt);
        }
    }

    /**
     * Settles a hold by taking {@code amount} (all of it when empty) and releasing the rest.
     * {@code walletId} and {@code toWalletId} are the hold's, copied when the capture is queued, so
     * that it is queued on the hold's shard and its wallets are locked.
     */
    record HoldCapture(OperationId id, WalletId walletId, OperationId hold, Optional<Amount> amount, Optional<WalletId> toWalletId) implements Operation {
        public HoldCapture {
            Objects.requireNonNull(id, "'id' must not be null");
            Objects.requireNonNull(walletId, "'walletId' must not be null");
            Objects.requireNonNull(hold, "'hold' must not be null");
            amount = amount == null ? Optional.empty() : amount;
            toWalletId = toWalletId == null ? Optional.empty() : toWalletId;
        }

        @Override
        public OperationType type() {
            return OperationType.CAPTURE;
        }

        @Override
        public List<WalletId> walletIds() {
            return toWalletId.map(to -> List.of(walletId, to)).orElseGet(() -> List.of(walletId));
        }

        @Override
        public Optional<Amount> requestedAmount() {
            return amount;
        }

        @Override
        public Optional<WalletId> counterpartyId() {
            return toWalletId;
        }

        @Override
        public Optional<OperationId> holdId() {
            return Optional.of(hold);
        }

        @Override
        public HoldCapture withId(OperationId otherId) {
            return new HoldCapture(otherId, walletId, hold, amount, toWalletId);
        }
    }

    /** Releases a hold whole, on request. */
    record HoldVoid(OperationId id, WalletId walletId, OperationId hold) implements Operation {
        public HoldVoid {
            Objects.requireNonNull(id, "'id' must not be null");
            Objects.requireNonNull(walletId, "'walletId' must not be null");
            Objects.requireNonNull(hold, "'hold' must not be null");
        }

        @Override
        public OperationType type() {
            return OperationType.VOID;
        }

        @Override
        public List<WalletId> walletIds() {
            return List.of(walletId);
        }

        @Override
        public Optional<Amount> requestedAmount() {
            return Optional.empty();
        }

        @Override
        public Optional<OperationId> holdId() {
            return Optional.of(hold);
        }

        @Override
        public HoldVoid withId(OperationId otherId) {
            return new HoldVoid(otherId, walletId, hold);
        }
    }

    /**
     * Releases a hold whose time is up; queued by the service itself. Its id is derived from the
     * hold's ({@link #idFor}), so however often it is queued, by whichever instance, it is one
     * operation and takes effect once.
     */
    record HoldExpiry(OperationId id, WalletId walletId, OperationId hold) implements Operation {
        public HoldExpiry {
            Objects.requireNonNull(id, "'id' must not be null");
            Objects.requireNonNull(walletId, "'walletId' must not be null");
            Objects.requireNonNull(hold, "'hold' must not be null");
        }

        /** The expiry of {@code hold}, under its one id. */
        public static HoldExpiry of(WalletId walletId, OperationId hold) {
            return new HoldExpiry(idFor(hold), walletId, hold);
        }

        /** The id of a hold's expiry: a name-based UUID of the hold's id, the same everywhere. */
        public static OperationId idFor(OperationId hold) {
            // A marker, then the hold id's 16 bytes: the same bytes on every JVM, whatever its charset.
            byte[] name = new byte[EXPIRY_MARKER.length() + 16];
            for (int i = 0; i < EXPIRY_MARKER.length(); i++) {
                name[i] = (byte) EXPIRY_MARKER.charAt(i);
            }
            long msb = hold.value().getMostSignificantBits();
            long lsb = hold.value().getLeastSignificantBits();
            for (int i = 0; i < 8; i++) {
                name[EXPIRY_MARKER.length() + i] = (byte) (msb >>> (56 - 8 * i));
                name[EXPIRY_MARKER.length() + 8 + i] = (byte) (lsb >>> (56 - 8 * i));
            }
            return new OperationId(UUID.nameUUIDFromBytes(name));
        }

        private static final String EXPIRY_MARKER = "hold-expiry:";

        @Override
        public OperationType type() {
            return OperationType.EXPIRE;
        }

        @Override
        public List<WalletId> walletIds() {
            return List.of(walletId);
        }

        @Override
        public Optional<Amount> requestedAmount() {
            return Optional.empty();
        }

        @Override
        public Optional<OperationId> holdId() {
            return Optional.of(hold);
        }

        @Override
        public HoldExpiry withId(OperationId otherId) {
            return new HoldExpiry(otherId, walletId, hold);
        }
    }

    /** Replaces the wallet's limits; operations queued after it are decided under them. */
    record LimitsChange(OperationId id, WalletId walletId, WalletLimits limits) implements Operation {
        public LimitsChange {
            Objects.requireNonNull(id, "'id' must not be null");
            Objects.requireNonNull(walletId, "'walletId' must not be null");
            Objects.requireNonNull(limits, "'limits' must not be null");
        }

        @Override
        public OperationType type() {
            return OperationType.SET_LIMITS;
        }

        @Override
        public List<WalletId> walletIds() {
            return List.of(walletId);
        }

        @Override
        public Optional<Amount> requestedAmount() {
            return Optional.empty();
        }

        @Override
        public LimitsChange withId(OperationId otherId) {
            return new LimitsChange(otherId, walletId, limits);
        }
    }

    /** Freezes or unfreezes the wallet; operations queued after it are decided under it. */
    record StatusChange(OperationId id, WalletId walletId, WalletStatus status) implements Operation {
        public StatusChange {
            Objects.requireNonNull(id, "'id' must not be null");
            Objects.requireNonNull(walletId, "'walletId' must not be null");
            Objects.requireNonNull(status, "'status' must not be null");
        }

        @Override
        public OperationType type() {
            return OperationType.SET_STATUS;
        }

        @Override
        public List<WalletId> walletIds() {
            return List.of(walletId);
        }

        @Override
        public Optional<Amount> requestedAmount() {
            return Optional.empty();
        }

        @Override
        public StatusChange withId(OperationId otherId) {
            return new StatusChange(otherId, walletId, status);
        }
    }

    private static void requireDifferent(WalletId from, WalletId to) {
        if (from.equals(to)) {
            throw new IllegalArgumentException("the other wallet must differ from the wallet, both were " + from);
        }
    }
}
