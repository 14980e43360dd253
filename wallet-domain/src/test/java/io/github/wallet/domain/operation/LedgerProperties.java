package io.github.wallet.domain.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.testing.SeededCases;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The ledger's invariants over any sequence of operations on a handful of wallets, checked over
 * seeded random cases ({@link SeededCases}; a failure names the seed that replays it).
 */
class LedgerProperties {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final int WALLETS = 4;

    @Test
    void balancesNeverGoNegativeAndEqualTheSumOfAcceptedEffects() {
        Map<RejectionReason, Integer> rejections = new EnumMap<>(RejectionReason.class);
        int[] completed = {0};
        SeededCases.run(500, random -> {
            List<Wallet> wallets = freshWallets(random);
            List<Long> opening = balances(wallets);
            Ledger ledger = new Ledger(wallets);

            Map<WalletId, Long> expected = new HashMap<>();
            Map<WalletId, Long> ledgerSums = new HashMap<>();
            for (Step step : steps(random, 200)) {
                Decision decision = ledger.decide(step.toOperation(wallets), AT);
                for (LedgerEntry entry : decision.entries()) {
                    ledgerSums.merge(entry.walletId(), entry.deltaMinor(), Long::sum);
                    assertThat(entry.balanceAfter().amountMinor()).isNotNegative();
                }
                switch (decision.outcome()) {
                    case Outcome.Completed c -> {
                        completed[0]++;
                        applyExpected(expected, decision.operation());
                    }
                    case Outcome.Rejected r -> {
                        rejections.merge(r.reason(), 1, Integer::sum);
                        assertThat(decision.entries()).isEmpty();
                    }
                    case Outcome.Failed f -> throw new AssertionError("the ledger never fails an operation, it was " + f);
                }
            }

            for (int i = 0; i < WALLETS; i++) {
                Wallet wallet = wallets.get(i);
                long balance = wallet.balance().amountMinor();
                long change = balance - opening.get(i);  // no overflow: both are balances, so >= 0
                assertThat(balance).isNotNegative();
                assertThat(change).isEqualTo(expected.getOrDefault(wallet.id(), 0L));
                assertThat(change).isEqualTo(ledgerSums.getOrDefault(wallet.id(), 0L));
            }
        });

        // The generator reaches every path: acceptance and each refusal the steps can cause.
        assertThat(completed[0]).as("completed operations").isPositive();
        assertThat(rejections).as("rejections by reason").containsKeys(
                RejectionReason.INSUFFICIENT_FUNDS, RejectionReason.BALANCE_LIMIT_EXCEEDED, RejectionReason.CURRENCY_MISMATCH);
    }

    @Test
    void transfersConserveMoney() {
        SeededCases.run(500, random -> {
            List<Wallet> wallets = freshWallets(random);
            List<Long> opening = balances(wallets);
            Ledger ledger = new Ledger(wallets);
            long deposited = 0;
            long withdrawn = 0;
            for (Step step : steps(random, 200)) {
                Decision decision = ledger.decide(step.toOperation(wallets), AT);
                if (decision.outcome() instanceof Outcome.Completed) {
                    switch (decision.operation()) {
                        case Operation.Deposit d -> deposited += d.amount().amountMinor();
                        case Operation.Withdrawal w -> withdrawn += w.amount().amountMinor();
                        case Operation.Transfer t -> assertThat(decision.entries()).extracting(LedgerEntry::deltaMinor)
                                .containsExactly(-t.amount().amountMinor(), t.amount().amountMinor());
                        default -> throw new AssertionError("only money movements are generated here, was " + decision.operation());
                    }
                }
            }
            long totalChange = 0;  // summed as changes: the balances themselves may add up past Long.MAX_VALUE
            for (int i = 0; i < WALLETS; i++) {
                totalChange += wallets.get(i).balance().amountMinor() - opening.get(i);
            }
            assertThat(totalChange).isEqualTo(deposited - withdrawn);
        });
    }

    @Test
    void aRejectedOperationChangesNoBalance() {
        SeededCases.run(300, random -> {
            List<Wallet> wallets = freshWallets(random);
            Ledger ledger = new Ledger(wallets);
            for (Step step : steps(random, 100)) {
                List<Money> before = balances(wallets).stream().map(Money::new).toList();
                Decision decision = ledger.decide(step.toOperation(wallets), AT);
                if (decision.outcome() instanceof Outcome.Rejected) {
                    assertThat(wallets.stream().map(Wallet::balance).toList()).isEqualTo(before);
                }
            }
        });
    }

    /** Up to {@code maxSize} steps; now and then a short run (empty included). */
    private static List<Step> steps(RandomGenerator random, int maxSize) {
        int size = random.nextInt(10) == 0 ? random.nextInt(Math.min(maxSize, 10) + 1) : random.nextInt(maxSize + 1);
        List<Step> steps = new ArrayList<>(size);
        OperationType[] types = {OperationType.DEPOSIT, OperationType.WITHDRAW, OperationType.TRANSFER};
        for (int i = 0; i < size; i++) {
            steps.add(new Step(types[random.nextInt(types.length)], random.nextInt(WALLETS), random.nextInt(WALLETS),
                    amount(random), new UUID(random.nextLong(), random.nextLong())));
        }
        return steps;
    }

    /** Mostly small amounts, some anywhere in range, some at or just under the 10^15 limit. */
    private static long amount(RandomGenerator random) {
        int pick = random.nextInt(100);
        if (pick < 5) {
            return 1;
        }
        if (pick < 70) {
            return random.nextLong(1, 1_001);
        }
        if (pick < 85) {
            return random.nextLong(1, Amount.MAX_MINOR + 1);
        }
        if (pick < 95) {
            return Amount.MAX_MINOR - random.nextLong(0, 1_000);
        }
        return Amount.MAX_MINOR;
    }

    /**
     * Four wallets, the last in another currency so transfers to and from it are refused. Most cases
     * open them empty; one in four reopens some within a few maximum amounts of {@link Long#MAX_VALUE},
     * so deposits and transfers into them reach the balance limit.
     */
    private static List<Wallet> freshWallets(RandomGenerator random) {
        boolean nearTheLimit = random.nextInt(4) == 0;
        List<Wallet> wallets = new ArrayList<>();
        for (int i = 0; i < WALLETS; i++) {
            CurrencyCode currency = new CurrencyCode(i == WALLETS - 1 ? "EUR" : "RUB");
            WalletId id = new WalletId(new UUID(0, i + 1));
            if (nearTheLimit && random.nextBoolean()) {
                Money balance = new Money(Long.MAX_VALUE - random.nextLong(0, 3 * Amount.MAX_MINOR));
                wallets.add(Wallet.reconstitute(id, currency, balance, AT, AT));
            } else {
                wallets.add(Wallet.open(id, currency, AT));
            }
        }
        return wallets;
    }

    private static List<Long> balances(List<Wallet> wallets) {
        return wallets.stream().map(w -> w.balance().amountMinor()).toList();
    }

    private static void applyExpected(Map<WalletId, Long> expected, Operation operation) {
        long amount = operation.requestedAmount().orElseThrow().amountMinor();
        switch (operation) {
            case Operation.Deposit d -> expected.merge(d.walletId(), amount, Long::sum);
            case Operation.Withdrawal w -> expected.merge(w.walletId(), -amount, Long::sum);
            case Operation.Transfer t -> {
                expected.merge(t.source(), -amount, Long::sum);
                expected.merge(t.target(), amount, Long::sum);
            }
            default -> throw new AssertionError("only money movements are generated here, was " + operation);
        }
    }

    /** One generated step; a transfer to its own source becomes a deposit. */
    record Step(OperationType type, int wallet, int other, long amount, UUID operationId) {
        Operation toOperation(List<Wallet> wallets) {
            OperationId id = new OperationId(operationId);
            WalletId walletId = wallets.get(wallet).id();
            Amount value = new Amount(amount);
            return switch (type) {
                case DEPOSIT -> new Operation.Deposit(id, walletId, value);
                case WITHDRAW -> new Operation.Withdrawal(id, walletId, value);
                case TRANSFER -> wallet == other
                        ? new Operation.Deposit(id, walletId, value)
                        : new Operation.Transfer(id, walletId, wallets.get(other).id(), value);
                default -> throw new IllegalArgumentException("only money movements are generated here, was " + type);
            };
        }
    }
}
