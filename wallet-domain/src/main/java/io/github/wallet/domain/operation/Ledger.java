package io.github.wallet.domain.operation;

import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides a batch of operations, one after the other in queue order, against the wallets they
 * touch. It holds those wallets for the batch, so later operations see earlier ones' effects.
 */
public final class Ledger {

    private final Map<WalletId, Wallet> wallets;
    private final Map<WalletId, Wallet> touched = new HashMap<>();

    public Ledger(Collection<Wallet> wallets) {
        this.wallets = new HashMap<>();
        for (Wallet wallet : wallets) {
            this.wallets.put(wallet.id(), wallet);
        }
    }

    /** Decides the operations in order; the list of decisions is in the same order. */
    public List<Decision> decideAll(List<? extends Operation> operations, Instant at) {
        List<Decision> decisions = new ArrayList<>(operations.size());
        for (Operation operation : operations) {
            decisions.add(decide(operation, at));
        }
        return decisions;
    }

    /** Decides one operation and, when accepted, applies it to the held wallets. */
    public Decision decide(Operation operation, Instant at) {
        return switch (operation) {
            case Operation.Deposit deposit -> deposit(deposit, at);
            case Operation.Withdrawal withdrawal -> withdraw(withdrawal, at);
            case Operation.Transfer transfer -> transfer(transfer, at);
        };
    }

    /** The wallets whose balance this ledger changed, to be written back. */
    public Collection<Wallet> touchedWallets() {
        return List.copyOf(touched.values());
    }

    private Decision deposit(Operation.Deposit deposit, Instant at) {
        Wallet wallet = wallets.get(deposit.walletId());
        if (wallet == null) {
            return rejected(deposit, RejectionReason.WALLET_NOT_FOUND);
        }
        if (!wallet.canDeposit(deposit.amount())) {
            return rejected(deposit, RejectionReason.BALANCE_LIMIT_EXCEEDED);
        }
        Money after = wallet.deposit(deposit.amount(), at);
        touched.put(wallet.id(), wallet);
        return completed(deposit, after, List.of(new LedgerEntry(wallet.id(), deposit.id(), deposit.amount().amountMinor(), after)));
    }

    private Decision withdraw(Operation.Withdrawal withdrawal, Instant at) {
        Wallet wallet = wallets.get(withdrawal.walletId());
        if (wallet == null) {
            return rejected(withdrawal, RejectionReason.WALLET_NOT_FOUND);
        }
        if (!wallet.canWithdraw(withdrawal.amount())) {
            return rejected(withdrawal, RejectionReason.INSUFFICIENT_FUNDS);
        }
        Money after = wallet.withdraw(withdrawal.amount(), at);
        touched.put(wallet.id(), wallet);
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
        if (!source.canWithdraw(transfer.amount())) {
            return rejected(transfer, RejectionReason.INSUFFICIENT_FUNDS);
        }
        if (!target.canDeposit(transfer.amount())) {
            return rejected(transfer, RejectionReason.BALANCE_LIMIT_EXCEEDED);
        }
        Money sourceAfter = source.withdraw(transfer.amount(), at);
        Money targetAfter = target.deposit(transfer.amount(), at);
        touched.put(source.id(), source);
        touched.put(target.id(), target);
        long moved = transfer.amount().amountMinor();
        return completed(transfer, sourceAfter, List.of(
                new LedgerEntry(source.id(), transfer.id(), -moved, sourceAfter),
                new LedgerEntry(target.id(), transfer.id(), moved, targetAfter)));
    }

    private static Decision completed(Operation operation, Money balanceAfter, List<LedgerEntry> entries) {
        return new Decision(operation, new Outcome.Completed(balanceAfter), entries);
    }

    private static Decision rejected(Operation operation, RejectionReason reason) {
        return new Decision(operation, new Outcome.Rejected(reason), List.of());
    }
}
