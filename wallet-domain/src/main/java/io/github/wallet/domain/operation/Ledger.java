package io.github.wallet.domain.operation;

import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletRule;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides a batch of operations, one after the other in queue order, against the wallets and
 * holds they touch. It holds those for the batch, so later operations see earlier ones' effects
 * (a hold placed first is seen by the withdrawal after it).
 */
public final class Ledger {

    private final Map<WalletId, Wallet> wallets = new HashMap<>();
    private final Map<OperationId, Hold> holds = new HashMap<>();
    private final Map<WalletId, Wallet> touched = new LinkedHashMap<>();
    private final Map<OperationId, Hold> touchedHolds = new LinkedHashMap<>();
    private final ZoneId limitsZone;

    /** A ledger of plain money movements: no holds, debit periods in UTC. */
    public Ledger(Collection<Wallet> wallets) {
        this(wallets, List.of(), ZoneOffset.UTC);
    }

    /**
     * @param wallets    the wallets the batch touches (locked by the caller)
     * @param holds      the stored holds the batch's steps name
     * @param limitsZone where the calendar days and months of debit limits turn
     */
    public Ledger(Collection<Wallet> wallets, Collection<Hold> holds, ZoneId limitsZone) {
        wallets.forEach(wallet -> this.wallets.put(wallet.id(), wallet));
        holds.forEach(hold -> this.holds.put(hold.id(), hold));
        this.limitsZone = limitsZone;
    }

    /** Decides the operations in order; the list of decisions is in the same order. */
    public List<Decision> decideAll(List<? extends Operation> operations, Instant at) {
        List<Decision> decisions = new ArrayList<>(operations.size());
        for (Operation operation : operations) {
            decisions.add(decide(operation, at));
        }
        return decisions;
    }

    /** Decides one operation and, when accepted, applies it to the held wallets and holds. */
    public Decision decide(Operation operation, Instant at) {
        return switch (operation) {
            case Operation.Deposit deposit -> deposit(deposit, at);
            case Operation.Withdrawal withdrawal -> withdraw(withdrawal, at);
            case Operation.Transfer transfer -> transfer(transfer, at);
            case Operation.HoldPlacement placement -> place(placement, at);
            case Operation.HoldCapture capture -> capture(capture, at);
            case Operation.HoldVoid voiding -> release(voiding, voiding.hold(), at, false);
            case Operation.HoldExpiry expiry -> release(expiry, expiry.hold(), at, true);
            case Operation.LimitsChange change -> changeRules(change, wallet -> wallet.changeLimits(change.limits(), at));
            case Operation.StatusChange change -> changeRules(change, wallet -> wallet.changeStatus(change.status(), at));
        };
    }

    /** A wallet the ledger holds, as it stands now (after the operations decided so far). */
    public Optional<Wallet> wallet(WalletId walletId) {
        return Optional.ofNullable(wallets.get(walletId));
    }

    /** The wallets this ledger changed, to be written back. */
    public Collection<Wallet> touchedWallets() {
        return List.copyOf(touched.values());
    }

    /** The holds this ledger placed or settled, as they stand now, to be written back. */
    public Collection<Hold> touchedHolds() {
        return List.copyOf(touchedHolds.values());
    }

    private Decision deposit(Operation.Deposit deposit, Instant at) {
        Wallet wallet = wallets.get(deposit.walletId());
        if (wallet == null) {
            return rejected(deposit, RejectionReason.WALLET_NOT_FOUND);
        }
        Optional<RejectionReason> refusal = wallet.refuseCredit(deposit.amount()).map(Ledger::rejection);
        if (refusal.isPresent()) {
            return rejected(deposit, refusal.get());
        }
        Money after = touch(wallet).credit(deposit.amount(), at);
        return completed(deposit, after, List.of(new LedgerEntry(wallet.id(), deposit.id(), deposit.amount().amountMinor(), after)));
    }

    private Decision withdraw(Operation.Withdrawal withdrawal, Instant at) {
        Wallet wallet = wallets.get(withdrawal.walletId());
        if (wallet == null) {
            return rejected(withdrawal, RejectionReason.WALLET_NOT_FOUND);
        }
        Optional<RejectionReason> refusal = wallet.refuseDebit(withdrawal.amount(), at, limitsZone).map(Ledger::rejection);
        if (refusal.isPresent()) {
            return rejected(withdrawal, refusal.get());
        }
        Money after = touch(wallet).debit(withdrawal.amount(), at, limitsZone);
        return completed(withdrawal, after, List.of(new LedgerEntry(wallet.id(), withdrawal.id(), -withdrawal.amount().amountMinor(), after)));
    }

    private Decision transfer(Operation.Transfer transfer, Instant at) {
        Wallet source = wallets.get(transfer.source());
        Wallet target = wallets.get(transfer.target());
        if (source == null || target == null) {
            return rejected(transfer, RejectionReason.WALLET_NOT_FOUND);
        }
        if (!source.currency().equals(target.currency())) {
            return rejected(transfer, RejectionReason.CURRENCY_MISMATCH);
        }
        Optional<RejectionReason> refusal = source.refuseDebit(transfer.amount(), at, limitsZone)
                .or(() -> target.refuseCredit(transfer.amount())).map(Ledger::rejection);
        if (refusal.isPresent()) {
            return rejected(transfer, refusal.get());
        }
        Money sourceAfter = touch(source).debit(transfer.amount(), at, limitsZone);
        Money targetAfter = touch(target).credit(transfer.amount(), at);
        long moved = transfer.amount().amountMinor();
        return completed(transfer, sourceAfter, List.of(
                new LedgerEntry(source.id(), transfer.id(), -moved, sourceAfter),
                new LedgerEntry(target.id(), transfer.id(), moved, targetAfter)));
    }

    private Decision place(Operation.HoldPlacement placement, Instant at) {
        Wallet wallet = wallets.get(placement.walletId());
        Optional<Wallet> target = placement.toWalletId().map(wallets::get);
        if (wallet == null || (placement.toWalletId().isPresent() && target.isEmpty())) {
            return rejected(placement, RejectionReason.WALLET_NOT_FOUND);
        }
        if (target.isPresent() && !target.get().currency().equals(wallet.currency())) {
            return rejected(placement, RejectionReason.CURRENCY_MISMATCH);
        }
        Optional<RejectionReason> refusal = wallet.refuseHold(placement.amount()).map(Ledger::rejection);
        if (refusal.isPresent()) {
            return rejected(placement, refusal.get());
        }
        touch(wallet).reserve(placement.amount(), at);
        keep(Hold.placed(placement.id(), placement.walletId(), placement.toWalletId(), placement.amount(), placement.expiresAt(), at));
        return completed(placement, wallet.balance(), List.of());
    }

    private Decision capture(Operation.HoldCapture capture, Instant at) {
        Hold hold = holds.get(capture.hold());
        if (hold == null || !hold.walletId().equals(capture.walletId())) {
            return rejected(capture, RejectionReason.HOLD_NOT_FOUND);
        }
        // A hold whose time is up can only expire, even before its expiry is decided.
        if (!hold.isActive() || hold.hasExpiredAt(at)) {
            return rejected(capture, RejectionReason.HOLD_NOT_ACTIVE);
        }
        Amount captured = capture.amount().orElse(hold.amount());
        if (captured.amountMinor() > hold.amount().amountMinor()) {
            return rejected(capture, RejectionReason.AMOUNT_EXCEEDS_HOLD);
        }
        Wallet wallet = wallets.get(hold.walletId());
        Optional<Wallet> target = hold.toWalletId().map(wallets::get);
        if (wallet == null || (hold.toWalletId().isPresent() && target.isEmpty())) {
            return rejected(capture, RejectionReason.WALLET_NOT_FOUND);
        }
        Optional<RejectionReason> refusal = wallet.refuseCapture(captured, at, limitsZone)
                .or(() -> target.flatMap(to -> to.refuseCredit(captured))).map(Ledger::rejection);
        if (refusal.isPresent()) {
            return rejected(capture, refusal.get());
        }
        Money after = touch(wallet).capture(captured, hold.amount(), at, limitsZone);
        keep(hold.captured(captured, at));
        // The decided capture names what it took, also when the request left the amount out.
        Operation.HoldCapture resolved = new Operation.HoldCapture(capture.id(), capture.walletId(), capture.hold(), Optional.of(captured),
                hold.toWalletId());
        long moved = captured.amountMinor();
        if (target.isEmpty()) {
            return completed(resolved, after, List.of(new LedgerEntry(wallet.id(), capture.id(), -moved, after)));
        }
        Money targetAfter = touch(target.get()).credit(captured, at);
        return completed(resolved, after, List.of(
                new LedgerEntry(wallet.id(), capture.id(), -moved, after),
                new LedgerEntry(target.get().id(), capture.id(), moved, targetAfter)));
    }

    /** A void or an expiry: the whole hold goes back to the available balance. */
    private Decision release(Operation step, OperationId holdId, Instant at, boolean expiry) {
        Hold hold = holds.get(holdId);
        if (hold == null || !hold.walletId().equals(step.walletId())) {
            return rejected(step, RejectionReason.HOLD_NOT_FOUND);
        }
        // The expiry is queued by the service once the hold is due, so it is not checked against
        // this clock (another instance's may lag); a void after the hold's time is refused.
        if (!hold.isActive() || (!expiry && hold.hasExpiredAt(at))) {
            return rejected(step, RejectionReason.HOLD_NOT_ACTIVE);
        }
        Wallet wallet = wallets.get(hold.walletId());
        if (wallet == null) {
            return rejected(step, RejectionReason.WALLET_NOT_FOUND);
        }
        touch(wallet).release(hold.amount(), at);
        keep(expiry ? hold.expired(at) : hold.voided(at));
        return completed(step, wallet.balance(), List.of());
    }

    private Decision changeRules(Operation change, java.util.function.Consumer<Wallet> apply) {
        Wallet wallet = wallets.get(change.walletId());
        if (wallet == null) {
            return rejected(change, RejectionReason.WALLET_NOT_FOUND);
        }
        apply.accept(touch(wallet));
        return completed(change, wallet.balance(), List.of());
    }

    /** The operation's rejection for the wallet rule it would break. */
    private static RejectionReason rejection(WalletRule broken) {
        return switch (broken) {
            case FUNDS -> RejectionReason.INSUFFICIENT_FUNDS;
            case BALANCE_LIMIT -> RejectionReason.BALANCE_LIMIT_EXCEEDED;
            case DEBIT_LIMIT -> RejectionReason.DEBIT_LIMIT_EXCEEDED;
            case FROZEN -> RejectionReason.WALLET_FROZEN;
        };
    }

    private Wallet touch(Wallet wallet) {
        touched.put(wallet.id(), wallet);
        return wallet;
    }

    private void keep(Hold hold) {
        holds.put(hold.id(), hold);
        touchedHolds.put(hold.id(), hold);
    }

    private static Decision completed(Operation operation, Money balanceAfter, List<LedgerEntry> entries) {
        return new Decision(operation, new Outcome.Completed(balanceAfter), entries);
    }

    private static Decision rejected(Operation operation, RejectionReason reason) {
        return new Decision(operation, new Outcome.Rejected(reason), List.of());
    }
}
