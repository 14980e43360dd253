package io.github.wallet.domain.wallet;

import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.money.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * A wallet as read at one moment: what a balance query answers, and what the store keeps.
 * {@code version} counts the batches that wrote it: of two snapshots of one wallet, the one with
 * the higher version is the newer.
 */
public record WalletSnapshot(WalletId id, CurrencyCode currency, Money balance, long heldAmount, WalletLimits limits,
                             WalletStatus status, DebitCounters debits, String chainHead, Instant createdAt, Instant updatedAt,
                             long version) {
    public WalletSnapshot {
        Objects.requireNonNull(id, "'id' must not be null");
        Objects.requireNonNull(currency, "'currency' must not be null");
        Objects.requireNonNull(balance, "'balance' must not be null");
        Objects.requireNonNull(limits, "'limits' must not be null");
        Objects.requireNonNull(status, "'status' must not be null");
        Objects.requireNonNull(debits, "'debits' must not be null");
        Objects.requireNonNull(chainHead, "'chainHead' must not be null");
        Objects.requireNonNull(createdAt, "'createdAt' must not be null");
        Objects.requireNonNull(updatedAt, "'updatedAt' must not be null");
    }

    /** A plain wallet: nothing held, no limits, active. */
    public WalletSnapshot(WalletId id, CurrencyCode currency, Money balance, Instant createdAt, Instant updatedAt) {
        this(id, currency, balance, 0, WalletLimits.NONE, WalletStatus.ACTIVE, DebitCounters.NONE, Wallet.CHAIN_START, createdAt, updatedAt, 0);
    }

    public static WalletSnapshot of(Wallet wallet) {
        return new WalletSnapshot(wallet.id(), wallet.currency(), wallet.balance(), wallet.heldAmount(), wallet.limits(),
                wallet.status(), wallet.debits(), wallet.chainHead(), wallet.createdAt(), wallet.updatedAt(), wallet.version());
    }

    /** This snapshot as the store keeps it once a batch has written it (one version on). */
    public WalletSnapshot written() {
        return new WalletSnapshot(id, currency, balance, heldAmount, limits, status, debits, chainHead, createdAt, updatedAt, version + 1);
    }

    /** Whether this is a later state of the same wallet than {@code other}. */
    public boolean isNewerThan(WalletSnapshot other) {
        return id.equals(other.id) && version > other.version;
    }

    /** {@code balance − heldAmount + overdraftLimit}: what may still be paid out or held. */
    public long availableBalance() {
        return Wallet.available(balance.amountMinor(), heldAmount, limits.overdraftLimit());
    }

    /** The aggregate again, to decide operations on it. */
    public Wallet toWallet() {
        return new Wallet(id, currency, balance, heldAmount, limits, status, debits, chainHead, createdAt, updatedAt, version);
    }
}
