package io.github.wallet.domain.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LedgerTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final CurrencyCode RUB = new CurrencyCode("RUB");

    @Test
    void withdrawalLargerThanBalanceIsRejected() {
        Wallet wallet = walletWith(100);
        Decision decision = new Ledger(List.of(wallet)).decide(new Operation.Withdrawal(newId(), wallet.id(), new Amount(101)), AT);
        assertThat(decision.outcome()).isEqualTo(new Outcome.Rejected(RejectionReason.INSUFFICIENT_FUNDS));
        assertThat(wallet.balance()).isEqualTo(new Money(100));
    }

    @Test
    void withdrawalOfTheWholeBalanceLeavesZero() {
        Wallet wallet = walletWith(100);
        Decision decision = new Ledger(List.of(wallet)).decide(new Operation.Withdrawal(newId(), wallet.id(), new Amount(100)), AT);
        assertThat(decision.outcome()).isEqualTo(new Outcome.Completed(Money.ZERO));
    }

    @Test
    void depositThatWouldOverflowIsRejected() {
        Wallet wallet = walletWith(Long.MAX_VALUE - 5);
        Decision decision = new Ledger(List.of(wallet)).decide(new Operation.Deposit(newId(), wallet.id(), new Amount(6)), AT);
        assertThat(decision.outcome()).isEqualTo(new Outcome.Rejected(RejectionReason.BALANCE_LIMIT_EXCEEDED));
    }

    @Test
    void depositUpToTheLimitIsAccepted() {
        Wallet wallet = walletWith(Long.MAX_VALUE - 5);
        Decision decision = new Ledger(List.of(wallet)).decide(new Operation.Deposit(newId(), wallet.id(), new Amount(5)), AT);
        assertThat(decision.outcome()).isEqualTo(new Outcome.Completed(new Money(Long.MAX_VALUE)));
    }

    @Test
    void transferBetweenCurrenciesIsRejected() {
        Wallet source = walletWith(100);
        Wallet target = Wallet.open(new WalletId(UUID.randomUUID()), new CurrencyCode("EUR"), AT);
        Decision decision = new Ledger(List.of(source, target)).decide(new Operation.Transfer(newId(), source.id(), target.id(), new Amount(1)), AT);
        assertThat(decision.outcome()).isEqualTo(new Outcome.Rejected(RejectionReason.CURRENCY_MISMATCH));
        assertThat(source.balance()).isEqualTo(new Money(100));
    }

    @Test
    void transferMovesBothSidesAndWritesTwoEntries() {
        Wallet source = walletWith(100);
        Wallet target = walletWith(5);
        Decision decision = new Ledger(List.of(source, target)).decide(new Operation.Transfer(newId(), source.id(), target.id(), new Amount(30)), AT);
        assertThat(decision.outcome()).isEqualTo(new Outcome.Completed(new Money(70)));
        assertThat(target.balance()).isEqualTo(new Money(35));
        assertThat(decision.entries()).extracting(LedgerEntry::deltaMinor).containsExactly(-30L, 30L);
    }

    @Test
    void transferIntoAFullWalletIsRejectedAndTheSourceKeepsItsMoney() {
        Wallet source = walletWith(100);
        Wallet target = walletWith(Long.MAX_VALUE);
        Decision decision = new Ledger(List.of(source, target)).decide(new Operation.Transfer(newId(), source.id(), target.id(), new Amount(1)), AT);
        assertThat(decision.outcome()).isEqualTo(new Outcome.Rejected(RejectionReason.BALANCE_LIMIT_EXCEEDED));
        assertThat(source.balance()).isEqualTo(new Money(100));
    }

    @Test
    void operationOnAnUnknownWalletIsRejectedNotThrown() {
        Decision decision = new Ledger(List.of()).decide(new Operation.Deposit(newId(), new WalletId(UUID.randomUUID()), new Amount(1)), AT);
        assertThat(decision.outcome()).isEqualTo(new Outcome.Rejected(RejectionReason.WALLET_NOT_FOUND));
    }

    @Test
    void laterOperationsInABatchSeeEarlierEffects() {
        Wallet wallet = walletWith(0);
        List<Decision> decisions = new Ledger(List.of(wallet)).decideAll(List.of(
                new Operation.Withdrawal(newId(), wallet.id(), new Amount(10)),
                new Operation.Deposit(newId(), wallet.id(), new Amount(10)),
                new Operation.Withdrawal(newId(), wallet.id(), new Amount(10))), AT);
        assertThat(decisions).extracting(Decision::outcome).containsExactly(
                new Outcome.Rejected(RejectionReason.INSUFFICIENT_FUNDS),
                new Outcome.Completed(new Money(10)),
                new Outcome.Completed(Money.ZERO));
    }

    @Test
    void holdsNeverHoldMoreThanALongEvenWhenTheOverdraftWouldCoverIt() {
        Wallet wallet = walletWith(Amount.MAX_MINOR);
        Ledger ledger = new Ledger(List.of(wallet));
        ledger.decide(new Operation.LimitsChange(newId(), wallet.id(), new WalletLimits(Long.MAX_VALUE, OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty())), AT);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i <= Long.MAX_VALUE / Amount.MAX_MINOR; i++) {
            outcomes.add(ledger.decide(new Operation.HoldPlacement(newId(), wallet.id(), new Amount(Amount.MAX_MINOR), Optional.empty(),
                    AT.plusSeconds(3600)), AT).outcome());
        }
        assertThat(wallet.heldAmount()).as("held").isBetween(0L, Long.MAX_VALUE);
        assertThat(outcomes.getLast()).as("the hold that would pass a long").isEqualTo(new Outcome.Rejected(RejectionReason.INSUFFICIENT_FUNDS));
        assertThat(outcomes.subList(0, outcomes.size() - 1)).allMatch(outcome -> outcome instanceof Outcome.Completed);
    }

    private static Wallet walletWith(long balance) {
        return Wallet.reconstitute(new WalletId(UUID.randomUUID()), RUB, new Money(balance), AT, AT);
    }

    private static OperationId newId() {
        return new OperationId(UUID.randomUUID());
    }
}
