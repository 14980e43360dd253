package io.github.wallet.domain.wallet;

import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.money.Money;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * A wallet: a balance of one currency, the part of it reserved by active holds, and the rules it
 * runs under (overdraft floor, balance cap, debit limits per day and month, frozen or not).
 *
 * <p>The aggregate guards its invariants: callers ask {@code refuse…} first, which names the rule
 * an operation would break, and then move money; moving money past a rule is a programmer error
 * ({@link IllegalStateException}), never a silent wrong balance. Money paid out, new holds and
 * captures are decided against {@link #availableBalance()}; money coming in is not.
 */
public final class Wallet {

    private final WalletId id;
    private final CurrencyCode currency;
    private final Instant createdAt;
    private Money balance;
    private long heldAmount;
    private WalletLimits limits;
    private WalletStatus status;
    private DebitCounters debits;
    private String chainHead;
    private Instant updatedAt;
    private final long version;

    /** The chain head of a wallet without ledger entries: 64 zeros (CONTRACT.md §10). */
    public static final String CHAIN_START = "0".repeat(64);

    Wallet(WalletId id, CurrencyCode currency, Money balance, long heldAmount, WalletLimits limits, WalletStatus status,
           DebitCounters debits, String chainHead, Instant createdAt, Instant updatedAt, long version) {
        this.id = Objects.requireNonNull(id, "'id' must not be null");
        this.currency = Objects.requireNonNull(currency, "'currency' must not be null");
        this.balance = Objects.requireNonNull(balance, "'balance' must not be null");
        if (heldAmount < 0) {
            throw new IllegalArgumentException("'heldAmount' must be >= 0, was " + heldAmount);
        }
        this.heldAmount = heldAmount;
        this.limits = Objects.requireNonNull(limits, "'limits' must not be null");
        this.status = Objects.requireNonNull(status, "'status' must not be null");
        this.debits = Objects.requireNonNull(debits, "'debits' must not be null");
        this.chainHead = Objects.requireNonNull(chainHead, "'chainHead' must not be null");
        this.createdAt = Objects.requireNonNull(createdAt, "'createdAt' must not be null");
        this.updatedAt = Objects.requireNonNull(updatedAt, "'updatedAt' must not be null");
        if (version < 0) {
            throw new IllegalArgumentException("'version' must be >= 0, was " + version);
        }
        this.version = version;
    }

    /** A new, empty, active wallet with no limits. */
    public static Wallet open(WalletId id, CurrencyCode currency, Instant openedAt) {
        return open(id, currency, WalletLimits.NONE, WalletStatus.ACTIVE, openedAt);
    }

    /** A new, empty wallet under the given rules. */
    public static Wallet open(WalletId id, CurrencyCode currency, WalletLimits limits, WalletStatus status, Instant openedAt) {
        return new Wallet(id, currency, Money.ZERO, 0, limits, status, DebitCounters.NONE, CHAIN_START, openedAt, openedAt, 0);
    }

    /** A plain wallet (no holds, no limits, active) as it was stored. */
    public static Wallet reconstitute(WalletId id, CurrencyCode currency, Money balance, Instant createdAt, Instant updatedAt) {
        return new Wallet(id, currency, balance, 0, WalletLimits.NONE, WalletStatus.ACTIVE, DebitCounters.NONE, CHAIN_START, createdAt, updatedAt, 0);
    }

    /** What may still be paid out or held: {@code balance − heldAmount + overdraftLimit}, clamped to the range of a long. */
    public long availableBalance() {
        return available(balance.amountMinor(), heldAmount, limits.overdraftLimit());
    }

    static long available(long balance, long held, long overdraft) {
        try {
            return Math.addExact(Math.subtractExact(balance, held), overdraft);
        } catch (ArithmeticException outOfRange) {
            BigInteger exact = BigInteger.valueOf(balance).subtract(BigInteger.valueOf(held)).add(BigInteger.valueOf(overdraft));
            return exact.signum() < 0 ? -Long.MAX_VALUE : Long.MAX_VALUE;
        }
    }

    /** Why money coming in would be refused: the balance would pass {@code maxBalance} or the range of a long. */
    public Optional<WalletRule> refuseCredit(Amount amount) {
        if (!balance.canAbsorb(amount)) {
            return Optional.of(WalletRule.BALANCE_LIMIT);
        }
        if (limits.maxBalance().isPresent() && balance.amountMinor() + amount.amountMinor() > limits.maxBalance().getAsLong()) {
            return Optional.of(WalletRule.BALANCE_LIMIT);
        }
        return Optional.empty();
    }

    /** Why paying {@code amount} out (a withdrawal, a transfer's source side) would be refused. */
    public Optional<WalletRule> refuseDebit(Amount amount, Instant at, ZoneId zone) {
        if (status == WalletStatus.FROZEN) {
            return Optional.of(WalletRule.FROZEN);
        }
        if (availableBalance() < amount.amountMinor()) {
            return Optional.of(WalletRule.FUNDS);
        }
        return refuseOverDebitLimits(amount, at, zone);
    }

    /** Why reserving {@code amount} for a new hold would be refused (debit limits count at capture, not here). */
    public Optional<WalletRule> refuseHold(Amount amount) {
        if (status == WalletStatus.FROZEN) {
            return Optional.of(WalletRule.FROZEN);
        }
        // With an overdraft near a long's largest value the available balance can cover more than
        // a long can hold: the held total must stay a long (a wrapped one would be negative).
        if (availableBalance() < amount.amountMinor() || heldAmount > Long.MAX_VALUE - amount.amountMinor()) {
            return Optional.of(WalletRule.FUNDS);
        }
        return Optional.empty();
    }

    /**
     * Why capturing {@code captured} of a hold would be refused. The money was reserved when the
     * hold was placed, so the capture needs no available balance; it must still leave the balance
     * at or above the floor (the overdraft may have been lowered since) and within the debit limits.
     */
    public Optional<WalletRule> refuseCapture(Amount captured, Instant at, ZoneId zone) {
        if (status == WalletStatus.FROZEN) {
            return Optional.of(WalletRule.FROZEN);
        }
        if (!balance.staysAtOrAbove(limits.balanceFloor(), captured)) {
            return Optional.of(WalletRule.FUNDS);
        }
        return refuseOverDebitLimits(captured, at, zone);
    }

    private Optional<WalletRule> refuseOverDebitLimits(Amount amount, Instant at, ZoneId zone) {
        LocalDate day = LocalDate.ofInstant(at, zone);
        long perDay = limits.maxDebitPerDay().orElse(Long.MAX_VALUE);
        long perMonth = limits.maxDebitPerMonth().orElse(Long.MAX_VALUE);
        if (amount.amountMinor() > perDay - debits.debitedOn(day)
                || amount.amountMinor() > perMonth - debits.debitedIn(YearMonth.from(day))) {
            return Optional.of(WalletRule.DEBIT_LIMIT);
        }
        return Optional.empty();
    }

    /** Raises the balance; the caller has checked {@link #refuseCredit}. */
    public Money credit(Amount amount, Instant at) {
        requireAllowed(refuseCredit(amount), "credit", amount);
        balance = balance.plus(amount);
        updatedAt = at;
        return balance;
    }

    /** Lowers the balance and counts the debit in its day and month; the caller has checked {@link #refuseDebit}. */
    public Money debit(Amount amount, Instant at, ZoneId zone) {
        requireAllowed(refuseDebit(amount, at, zone), "debit", amount);
        return takeOut(amount, at, zone);
    }

    /** Reserves {@code amount} for a hold; the caller has checked {@link #refuseHold}. */
    public void reserve(Amount amount, Instant at) {
        requireAllowed(refuseHold(amount), "hold", amount);
        heldAmount += amount.amountMinor();
        updatedAt = at;
    }

    /** Gives a hold's reservation back (a void, an expiry, or the release part of a capture). */
    public void release(Amount amount, Instant at) {
        if (amount.amountMinor() > heldAmount) {
            throw new IllegalStateException("releasing " + amount.amountMinor() + " of " + heldAmount + " held on " + id);
        }
        heldAmount -= amount.amountMinor();
        updatedAt = at;
    }

    /** Settles a hold of {@code held} by taking {@code captured} out and releasing all of it; the caller has checked {@link #refuseCapture}. */
    public Money capture(Amount captured, Amount held, Instant at, ZoneId zone) {
        requireAllowed(refuseCapture(captured, at, zone), "capture", captured);
        release(held, at);
        return takeOut(captured, at, zone);
    }

    private Money takeOut(Amount amount, Instant at, ZoneId zone) {
        balance = balance.minus(amount);
        debits = debits.plus(amount.amountMinor(), LocalDate.ofInstant(at, zone));
        updatedAt = at;
        return balance;
    }

    /** New rules from now on; a balance already past a new limit is kept and only blocks further debits. */
    public void changeLimits(WalletLimits newLimits, Instant at) {
        limits = Objects.requireNonNull(newLimits, "'newLimits' must not be null");
        updatedAt = at;
    }

    /**
     * Moves the head of the wallet's entry chain to its newest entry's hash. The chain is linked by
     * the core (hashing is not the domain's business); the wallet keeps where it stands.
     */
    public void advanceChain(String newHead) {
        chainHead = Objects.requireNonNull(newHead, "'newHead' must not be null");
    }

    public void changeStatus(WalletStatus newStatus, Instant at) {
        status = Objects.requireNonNull(newStatus, "'newStatus' must not be null");
        updatedAt = at;
    }

    private void requireAllowed(Optional<WalletRule> refusal, String what, Amount amount) {
        refusal.ifPresent(reason -> {
            throw new IllegalStateException(what + " of " + amount.amountMinor() + " on " + this + " breaks " + reason + "; check first");
        });
    }

    public WalletId id() {
        return id;
    }

    public CurrencyCode currency() {
        return currency;
    }

    public Money balance() {
        return balance;
    }

    public long heldAmount() {
        return heldAmount;
    }

    public WalletLimits limits() {
        return limits;
    }

    public WalletStatus status() {
        return status;
    }

    public DebitCounters debits() {
        return debits;
    }

    /** The hash of the wallet's newest ledger entry ({@link #CHAIN_START} before the first). */
    public String chainHead() {
        return chainHead;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /**
     * How many batches have written the wallet since it was opened, as it was loaded (the store
     * counts one per batch that changes it): orders snapshots of one wallet taken at different times.
     */
    public long version() {
        return version;
    }

    @Override
    public String toString() {
        return "Wallet[" + id + ", " + balance.amountMinor() + " " + currency + ", held " + heldAmount + ", " + status + "]";
    }
}
