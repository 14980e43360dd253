package io.github.wallet.domain.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.testing.SeededCases;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletLimits;
import io.github.wallet.domain.wallet.WalletSnapshot;
import io.github.wallet.domain.wallet.WalletStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The rules of holds, limits and frozen wallets over any sequence of operations (money movements,
 * holds' steps, rule changes) on a few wallets, with time moving on across days and months,
 * checked over seeded random cases ({@link SeededCases}; a failure names the seed that replays it).
 */
class HoldsAndLimitsProperties {

    private static final Instant START = Instant.parse("2026-01-30T20:00:00Z");
    private static final ZoneId ZONE = ZoneId.of("Europe/Moscow");
    private static final int WALLETS = 3;

    @Test
    void everyInvariantHoldsAfterEveryStep() {
        Map<RejectionReason, Integer> rejections = new EnumMap<>(RejectionReason.class);
        Map<OperationType, Integer> completed = new EnumMap<>(OperationType.class);
        SeededCases.run(400, random -> {
            List<Wallet> wallets = freshWallets(random);
            Ledger ledger = new Ledger(wallets, List.of(), ZONE);
            Map<WalletId, Long> ledgerSums = new HashMap<>();
            Map<OperationId, Integer> settlements = new HashMap<>();
            Map<OperationId, WalletId> holdWallets = new HashMap<>();
            Instant at = START;
            int steps = random.nextInt(300);
            for (int i = 0; i < steps; i++) {
                at = at.plus(Duration.ofMinutes(random.nextInt(180)));
                Operation operation = operation(random, wallets, holdWallets, at);
                Map<WalletId, Long> availableBefore = available(wallets);
                List<WalletSnapshot> before = wallets.stream().map(WalletSnapshot::of).toList();
                Decision decision = ledger.decide(operation, at);
                decision.entries().forEach(entry -> ledgerSums.merge(entry.walletId(), entry.deltaMinor(), Long::sum));
                switch (decision.outcome()) {
                    case Outcome.Completed c -> {
                        completed.merge(operation.type(), 1, Integer::sum);
                        checkCompleted(decision.operation(), wallets, availableBefore, at);
                        if (operation instanceof Operation.HoldPlacement) {
                            holdWallets.put(operation.id(), operation.walletId());
                        }
                        if (operation.type() == OperationType.CAPTURE || operation.type() == OperationType.VOID
                                || operation.type() == OperationType.EXPIRE) {
                            settlements.merge(operation.holdId().orElseThrow(), 1, Integer::sum);
                        }
                    }
                    case Outcome.Rejected r -> {
                        rejections.merge(r.reason(), 1, Integer::sum);
                        assertThat(decision.entries()).isEmpty();
                        assertThat(wallets.stream().map(WalletSnapshot::of).toList()).as("a rejected operation changes nothing").isEqualTo(before);
                    }
                    case Outcome.Failed f -> throw new AssertionError("the ledger never fails an operation, it was " + f);
                }
                checkAlways(wallets, ledger.touchedHolds(), ledgerSums, settlements);
            }
        });

        assertThat(completed).as("completed operations by type").containsKeys(OperationType.values());
        assertThat(rejections).as("rejections by reason").containsKeys(RejectionReason.INSUFFICIENT_FUNDS,
                RejectionReason.DEBIT_LIMIT_EXCEEDED, RejectionReason.WALLET_FROZEN, RejectionReason.HOLD_NOT_ACTIVE,
                RejectionReason.AMOUNT_EXCEEDS_HOLD, RejectionReason.HOLD_NOT_FOUND, RejectionReason.BALANCE_LIMIT_EXCEEDED,
                RejectionReason.CURRENCY_MISMATCH);
    }

    /** What a completed operation guarantees right after it. */
    private static void checkCompleted(Operation operation, List<Wallet> wallets, Map<WalletId, Long> availableBefore, Instant at) {
        Wallet wallet = find(wallets, operation.walletId());
        boolean paysOut = operation instanceof Operation.Withdrawal || operation instanceof Operation.Transfer
                || operation instanceof Operation.HoldPlacement;
        if (paysOut) {
            assertThat(wallet.status()).as("a frozen wallet pays nothing out").isEqualTo(WalletStatus.ACTIVE);
            assertThat(wallet.availableBalance()).as("available balance after a debit or hold of " + wallet).isNotNegative();
            assertThat(wallet.balance().amountMinor()).as("balance floor of " + wallet).isGreaterThanOrEqualTo(wallet.limits().balanceFloor());
        }
        if (operation instanceof Operation.HoldCapture) {
            assertThat(wallet.status()).isEqualTo(WalletStatus.ACTIVE);
            assertThat(wallet.balance().amountMinor()).as("a capture stays above the floor").isGreaterThanOrEqualTo(wallet.limits().balanceFloor());
            assertThat(wallet.availableBalance()).as("a capture never lowers the available balance")
                    .isGreaterThanOrEqualTo(availableBefore.get(wallet.id()));
        }
        if (operation instanceof Operation.Deposit) {
            wallet.limits().maxBalance().ifPresent(max -> assertThat(wallet.balance().amountMinor()).as("max balance of " + wallet).isLessThanOrEqualTo(max));
        }
        boolean debits = operation instanceof Operation.Withdrawal || operation instanceof Operation.Transfer || operation instanceof Operation.HoldCapture;
        if (debits) {
            LocalDate day = LocalDate.ofInstant(at, ZONE);
            wallet.limits().maxDebitPerDay().ifPresent(limit ->
                    assertThat(wallet.debits().debitedOn(day)).as("debits of the day on " + wallet).isLessThanOrEqualTo(limit));
            wallet.limits().maxDebitPerMonth().ifPresent(limit ->
                    assertThat(wallet.debits().debitedIn(YearMonth.from(day))).as("debits of the month on " + wallet).isLessThanOrEqualTo(limit));
        }
        for (WalletId credited : operation.counterpartyId().stream().toList()) {
            Wallet target = find(wallets, credited);
            target.limits().maxBalance().ifPresent(max -> {
                if (!(operation instanceof Operation.HoldPlacement)) {
                    assertThat(target.balance().amountMinor()).as("max balance of " + target).isLessThanOrEqualTo(max);
                }
            });
        }
    }

    /** What holds after every step, whatever it was. */
    private static void checkAlways(List<Wallet> wallets, java.util.Collection<Hold> holds, Map<WalletId, Long> ledgerSums,
                                    Map<OperationId, Integer> settlements) {
        for (Wallet wallet : wallets) {
            long active = holds.stream().filter(h -> h.walletId().equals(wallet.id()) && h.status() == HoldStatus.ACTIVE)
                    .mapToLong(h -> h.amount().amountMinor()).sum();
            assertThat(wallet.heldAmount()).as("held amount of " + wallet + " is the sum of its active holds").isEqualTo(active);
            assertThat(wallet.balance().amountMinor()).as("balance of " + wallet + " is the sum of its ledger")
                    .isEqualTo(ledgerSums.getOrDefault(wallet.id(), 0L));
        }
        settlements.forEach((hold, times) -> assertThat(times).as("settlements of hold " + hold).isEqualTo(1));
        for (Hold hold : holds) {
            assertThat(hold.capturedAmount()).isBetween(0L, hold.amount().amountMinor());
        }
    }

    private static Operation operation(RandomGenerator random, List<Wallet> wallets, Map<OperationId, WalletId> holdWallets, Instant at) {
        OperationId id = new OperationId(new UUID(random.nextLong(), random.nextLong()));
        int w = random.nextInt(WALLETS);
        WalletId wallet = wallets.get(w).id();
        WalletId other = wallets.get((w + 1 + random.nextInt(WALLETS - 1)) % WALLETS).id();
        Amount amount = new Amount(random.nextLong(1, 2_000));
        int pick = random.nextInt(100);
        if (pick < 18) {
            return new Operation.Deposit(id, wallet, amount);
        }
        if (pick < 30) {
            return new Operation.Withdrawal(id, wallet, amount);
        }
        if (pick < 40) {
            return new Operation.Transfer(id, wallet, other, amount);
        }
        if (pick < 55) {
            Optional<WalletId> to = random.nextBoolean() ? Optional.of(other) : Optional.empty();
            return new Operation.HoldPlacement(id, wallet, amount, to, at.plus(Duration.ofMinutes(random.nextInt(1, 600))));
        }
        // Mostly a hold that was placed, on its wallet (as the service queues it); now and then one that never was.
        List<OperationId> placed = List.copyOf(holdWallets.keySet());
        boolean unknown = placed.isEmpty() || random.nextInt(20) == 0;
        OperationId holdId = unknown ? new OperationId(new UUID(random.nextLong(), random.nextLong())) : placed.get(random.nextInt(placed.size()));
        WalletId holdWallet = unknown ? wallet : holdWallets.get(holdId);
        if (pick < 70) {
            Optional<Amount> captured = random.nextInt(3) == 0 ? Optional.empty() : Optional.of(new Amount(random.nextLong(1, 2_500)));
            return new Operation.HoldCapture(id, holdWallet, holdId, captured, Optional.empty());
        }
        if (pick < 78) {
            return new Operation.HoldVoid(id, holdWallet, holdId);
        }
        if (pick < 85) {
            return new Operation.HoldExpiry(id, holdWallet, holdId);
        }
        if (pick < 94) {
            return new Operation.LimitsChange(id, wallet, limits(random));
        }
        return new Operation.StatusChange(id, wallet, random.nextInt(3) == 0 ? WalletStatus.FROZEN : WalletStatus.ACTIVE);
    }

    private static WalletLimits limits(RandomGenerator random) {
        return new WalletLimits(random.nextInt(3) == 0 ? random.nextLong(0, 3_000) : 0, maybe(random, 500, 20_000),
                maybe(random, 100, 6_000), maybe(random, 1_000, 30_000));
    }

    private static OptionalLong maybe(RandomGenerator random, long from, long to) {
        return random.nextInt(3) == 0 ? OptionalLong.of(random.nextLong(from, to)) : OptionalLong.empty();
    }

    /** Three wallets, the last in another currency, under random rules. */
    private static List<Wallet> freshWallets(RandomGenerator random) {
        List<Wallet> wallets = new ArrayList<>();
        for (int i = 0; i < WALLETS; i++) {
            CurrencyCode currency = new CurrencyCode(i == WALLETS - 1 ? "EUR" : "RUB");
            wallets.add(Wallet.open(new WalletId(new UUID(0, i + 1)), currency, limits(random), WalletStatus.ACTIVE, START));
        }
        return wallets;
    }

    private static Map<WalletId, Long> available(List<Wallet> wallets) {
        Map<WalletId, Long> available = new HashMap<>();
        wallets.forEach(wallet -> available.put(wallet.id(), wallet.availableBalance()));
        return available;
    }

    private static Wallet find(List<Wallet> wallets, WalletId id) {
        return wallets.stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow();
    }
}
