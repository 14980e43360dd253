package io.github.wallet.domain.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The ledger's invariants over any sequence of operations on a handful of wallets.
 */
class LedgerProperties {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final int WALLETS = 4;

    @Property(tries = 500)
    void balancesNeverGoNegativeAndEqualTheSumOfAcceptedEffects(@ForAll("operations") @Size(max = 200) List<Step> steps) {
        List<Wallet> wallets = freshWallets();
        Ledger ledger = new Ledger(wallets);

        Map<WalletId, Long> expected = new HashMap<>();
        Map<WalletId, Long> ledgerSums = new HashMap<>();
        for (Step step : steps) {
            Decision decision = ledger.decide(step.toOperation(wallets), AT);
            for (LedgerEntry entry : decision.entries()) {
                ledgerSums.merge(entry.walletId(), entry.deltaMinor(), Long::sum);
                assertThat(entry.balanceAfter().amountMinor()).isNotNegative();
            }
            if (decision.outcome() instanceof Outcome.Completed) {
                applyExpected(expected, decision.operation());
            } else {
                assertThat(decision.entries()).isEmpty();
            }
        }

        for (Wallet wallet : wallets) {
            long balance = wallet.balance().amountMinor();
            assertThat(balance).isNotNegative();
            assertThat(balance).isEqualTo(expected.getOrDefault(wallet.id(), 0L));
            assertThat(balance).isEqualTo(ledgerSums.getOrDefault(wallet.id(), 0L));
        }
    }

    @Property(tries = 500)
    void transfersConserveMoney(@ForAll("operations") @Size(max = 200) List<Step> steps) {
        List<Wallet> wallets = freshWallets();
        Ledger ledger = new Ledger(wallets);
        long deposited = 0;
        long withdrawn = 0;
        for (Step step : steps) {
            Decision decision = ledger.decide(step.toOperation(wallets), AT);
            if (decision.outcome() instanceof Outcome.Completed) {
                switch (decision.operation()) {
                    case Operation.Deposit d -> deposited += d.amount().amountMinor();
                    case Operation.Withdrawal w -> withdrawn += w.amount().amountMinor();
                    case Operation.Transfer t -> assertThat(decision.entries()).extracting(LedgerEntry::deltaMinor)
                            .containsExactly(-t.amount().amountMinor(), t.amount().amountMinor());
                }
            }
        }
        long total = wallets.stream().mapToLong(w -> w.balance().amountMinor()).sum();
        assertThat(total).isEqualTo(deposited - withdrawn);
    }

    @Property(tries = 300)
    void aRejectedOperationChangesNoBalance(@ForAll("operations") @Size(max = 100) List<Step> steps) {
        List<Wallet> wallets = freshWallets();
        Ledger ledger = new Ledger(wallets);
        for (Step step : steps) {
            List<Money> before = wallets.stream().map(Wallet::balance).toList();
            Decision decision = ledger.decide(step.toOperation(wallets), AT);
            if (decision.outcome() instanceof Outcome.Rejected) {
                assertThat(wallets.stream().map(Wallet::balance).toList()).isEqualTo(before);
            }
        }
    }

    @Provide
    Arbitrary<List<Step>> operations() {
        Arbitrary<OperationType> types = Arbitraries.of(OperationType.class);
        Arbitrary<Integer> walletIndexes = Arbitraries.integers().between(0, WALLETS - 1);
        Arbitrary<Long> amounts = Arbitraries.oneOf(
                Arbitraries.longs().between(1, 1_000),
                Arbitraries.longs().between(1, Amount.MAX_MINOR));
        return Combinators.combine(types, walletIndexes, walletIndexes, amounts).as(Step::new).list();
    }

    private static List<Wallet> freshWallets() {
        List<Wallet> wallets = new ArrayList<>();
        for (int i = 0; i < WALLETS; i++) {
            // The last wallet holds another currency, so transfers to and from it are refused.
            CurrencyCode currency = new CurrencyCode(i == WALLETS - 1 ? "EUR" : "RUB");
            wallets.add(Wallet.open(new WalletId(new UUID(0, i + 1)), currency, AT));
        }
        return wallets;
    }

    private static void applyExpected(Map<WalletId, Long> expected, Operation operation) {
        long amount = operation.amount().amountMinor();
        switch (operation) {
            case Operation.Deposit d -> expected.merge(d.walletId(), amount, Long::sum);
            case Operation.Withdrawal w -> expected.merge(w.walletId(), -amount, Long::sum);
            case Operation.Transfer t -> {
                expected.merge(t.source(), -amount, Long::sum);
                expected.merge(t.target(), amount, Long::sum);
            }
        }
    }

    /** One generated step; a transfer to its own source becomes a deposit. */
    record Step(OperationType type, int wallet, int other, long amount) {
        Operation toOperation(List<Wallet> wallets) {
            OperationId id = new OperationId(UUID.randomUUID());
            WalletId walletId = wallets.get(wallet).id();
            Amount value = new Amount(amount);
            return switch (type) {
                case DEPOSIT -> new Operation.Deposit(id, walletId, value);
                case WITHDRAW -> new Operation.Withdrawal(id, walletId, value);
                case TRANSFER -> wallet == other
                        ? new Operation.Deposit(id, walletId, value)
                        : new Operation.Transfer(id, walletId, wallets.get(other).id(), value);
            };
        }
    }
}
