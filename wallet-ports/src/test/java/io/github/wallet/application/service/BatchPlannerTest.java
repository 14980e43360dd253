package io.github.wallet.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.port.out.StoredOperation;
import io.github.wallet.application.testing.Operations;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.operation.RejectionReason;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The batch's business rules, with no store at all: what the planner answers and what it asks
 * the store to write.
 */
class BatchPlannerTest {

    private static final Instant AT = Instant.parse("2026-11-29T10:00:00.123456Z");

    private static Wallet wallet(WalletId id, long balance, String currency) {
        return Wallet.reconstitute(id, new CurrencyCode(currency), new Money(balance), AT, AT);
    }

    private static WalletId newWallet() {
        return new WalletId(UUID.randomUUID());
    }

    private static OperationRecord.Decided committed(Settlement settlement) {
        return ((Settlement.Committed) settlement).operation();
    }

    private static StoredOperation stored(QueuedOperation queued, Outcome outcome) {
        return new StoredOperation(queued.operation().decided(outcome, AT), queued.idempotencyKey(), queued.fingerprint());
    }

    @Test
    void operationsAreDecidedInQueueOrderAgainstTheLockedWallets() {
        WalletId id = newWallet();
        BatchPlan plan = BatchPlanner.plan(List.of(Operations.withdrawal(id, 5), Operations.deposit(id, 10), Operations.withdrawal(id, 4)),
                List.of(wallet(id, 0, "RUB")), List.of(), AT);

        assertThat(plan.settlements()).extracting(s -> committed(s).outcome()).containsExactly(
                new Outcome.Rejected(RejectionReason.INSUFFICIENT_FUNDS),
                new Outcome.Completed(new Money(10)),
                new Outcome.Completed(new Money(6)));
        assertThat(plan.writes().operations()).hasSize(3);
        assertThat(plan.writes().entries()).extracting(e -> e.entry().deltaMinor()).containsExactly(10L, -4L);
        assertThat(plan.writes().wallets()).extracting(WalletSnapshot::balance).containsExactly(new Money(6));
    }

    @Test
    void aTransferTouchesBothLockedWalletsOrNeither() {
        WalletId source = newWallet();
        WalletId target = newWallet();
        WalletId euro = newWallet();
        BatchPlan plan = BatchPlanner.plan(List.of(
                        Operations.transfer(source, target, 30),
                        Operations.transfer(source, euro, 10),
                        Operations.transfer(source, target, 100)),
                List.of(wallet(source, 50, "RUB"), wallet(target, 0, "RUB"), wallet(euro, 0, "EUR")), List.of(), AT);

        assertThat(plan.settlements()).extracting(s -> committed(s).outcome()).containsExactly(
                new Outcome.Completed(new Money(20)),
                new Outcome.Rejected(RejectionReason.CURRENCY_MISMATCH),
                new Outcome.Rejected(RejectionReason.INSUFFICIENT_FUNDS));
        assertThat(plan.writes().entries()).extracting(e -> e.entry().walletId(), e -> e.entry().deltaMinor())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(source, -30L), org.assertj.core.groups.Tuple.tuple(target, 30L));
        assertThat(plan.writes().wallets()).extracting(WalletSnapshot::id).containsExactlyInAnyOrder(source, target);
    }

    @Test
    void anOperationOnAWalletThatIsNotThereIsRejected() {
        WalletId missing = newWallet();
        BatchPlan plan = BatchPlanner.plan(List.of(Operations.deposit(missing, 1)), List.of(), List.of(), AT);
        assertThat(committed(plan.settlements().getFirst()).outcome()).isEqualTo(new Outcome.Rejected(RejectionReason.WALLET_NOT_FOUND));
        assertThat(plan.writes().entries()).isEmpty();
    }

    @Test
    void theSameOperationTwiceInOneBatchTakesEffectOnce() {
        WalletId id = newWallet();
        QueuedOperation deposit = Operations.deposit(id, 7);
        BatchPlan plan = BatchPlanner.plan(List.of(deposit, deposit), List.of(wallet(id, 0, "RUB")), List.of(), AT);
        assertThat(plan.settlements().get(1)).isEqualTo(plan.settlements().get(0));
        assertThat(plan.writes().operations()).hasSize(1);
        assertThat(plan.writes().wallets()).extracting(WalletSnapshot::balance).containsExactly(new Money(7));
    }

    @Test
    void aRetryUnderTheSameKeyInOneBatchGetsTheFirstOutcome() {
        WalletId id = newWallet();
        QueuedOperation first = Operations.withKey(Operations.deposit(id, 7), "k-" + UUID.randomUUID());
        QueuedOperation retry = Operations.again(first);
        BatchPlan plan = BatchPlanner.plan(List.of(first, retry), List.of(wallet(id, 0, "RUB")), List.of(), AT);
        assertThat(committed(plan.settlements().get(1))).isEqualTo(committed(plan.settlements().get(0)));
        assertThat(committed(plan.settlements().get(1)).id()).isEqualTo(first.operation().id());
        assertThat(plan.writes().operations()).hasSize(1);
    }

    @Test
    void aDifferentRequestUnderATakenKeyIsRefusedInTheBatchAndFromTheStore() {
        WalletId id = newWallet();
        String key = "k-" + UUID.randomUUID();
        QueuedOperation first = Operations.withKey(Operations.deposit(id, 3), key);
        QueuedOperation other = Operations.withKey(Operations.deposit(id, 4), key);
        BatchPlan inBatch = BatchPlanner.plan(List.of(first, other), List.of(wallet(id, 0, "RUB")), List.of(), AT);
        assertThat(inBatch.settlements().get(1)).isEqualTo(new Settlement.KeyReused(new IdempotencyKey(key)));
        assertThat(inBatch.writes().operations()).hasSize(1);
        assertThat(inBatch.writes().wallets()).extracting(WalletSnapshot::balance).containsExactly(new Money(3));

        BatchPlan later = BatchPlanner.plan(List.of(other), List.of(wallet(id, 3, "RUB")),
                List.of(stored(first, new Outcome.Completed(new Money(3)))), AT);
        assertThat(later.settlements()).containsExactly(new Settlement.KeyReused(new IdempotencyKey(key)));
        assertThat(later.writes().isEmpty()).isTrue();
    }

    @Test
    void aRedeliveredOperationKeepsItsStoredOutcomeAndTheRestIsDecided() {
        WalletId id = newWallet();
        QueuedOperation done = Operations.withdrawal(id, 5);
        StoredOperation earlier = stored(done, new Outcome.Rejected(RejectionReason.INSUFFICIENT_FUNDS));
        QueuedOperation fresh = Operations.deposit(id, 2);
        BatchPlan plan = BatchPlanner.plan(List.of(done, fresh), List.of(wallet(id, 100, "RUB")), List.of(earlier), AT);

        // The stored rejection stands even though the wallet could pay now: decided once, answered the same forever.
        assertThat(committed(plan.settlements().get(0))).isEqualTo(earlier.operation());
        assertThat(committed(plan.settlements().get(1)).outcome()).isEqualTo(new Outcome.Completed(new Money(102)));
        assertThat(plan.writes().operations()).extracting(row -> row.operation().id()).containsExactly(fresh.operation().id());
    }

    @Test
    void aRetryOfAStoredKeyedRequestGetsTheStoredOutcome() {
        WalletId id = newWallet();
        QueuedOperation first = Operations.withKey(Operations.deposit(id, 9), "k-" + UUID.randomUUID());
        StoredOperation earlier = stored(first, new Outcome.Completed(new Money(9)));
        BatchPlan plan = BatchPlanner.plan(List.of(Operations.again(first)), List.of(wallet(id, 9, "RUB")), List.of(earlier), AT);
        assertThat(committed(plan.settlements().getFirst())).isEqualTo(earlier.operation());
        assertThat(plan.writes().isEmpty()).isTrue();
    }

    @Test
    void theWalletsAreLockedInAscendingOrderAndLookUpsNameEveryIdAndKey() {
        WalletId a = new WalletId(UUID.fromString("00000000-0000-0000-0000-000000000002"));
        WalletId b = new WalletId(UUID.fromString("00000000-0000-0000-0000-000000000001"));
        QueuedOperation keyed = Operations.withKey(Operations.deposit(a, 1), "k-lock");
        QueuedOperation transfer = Operations.transfer(a, b, 1);
        List<QueuedOperation> batch = List.of(keyed, transfer);
        assertThat(BatchPlanner.walletsToLock(batch)).containsExactly(b, a);
        assertThat(BatchPlanner.operationIds(batch)).containsExactly(keyed.operation().id(), transfer.operation().id());
        assertThat(BatchPlanner.idempotencyKeys(batch)).containsExactly(new IdempotencyKey("k-lock"));
    }
}
