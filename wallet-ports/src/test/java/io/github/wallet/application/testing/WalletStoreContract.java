package io.github.wallet.application.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wallet.application.port.HoldPage;
import io.github.wallet.application.port.OperationPage;
import io.github.wallet.application.port.out.BatchStore;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.service.BatchPlan;
import io.github.wallet.application.service.BatchPlanner;
import io.github.wallet.application.port.out.StoredOperation;
import io.github.wallet.application.port.out.WalletStore;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.operation.Hold;
import io.github.wallet.domain.operation.HoldStatus;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.OperationStatus;
import io.github.wallet.domain.operation.RejectionReason;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletLimits;
import io.github.wallet.domain.wallet.WalletSnapshot;
import io.github.wallet.domain.wallet.WalletStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WalletStore} must do; each implementation's test extends this. Batches are
 * committed as the worker commits them (the core's planner in the store's transaction), so the
 * store is held to keeping exactly what the planner decided.
 */
public abstract class WalletStoreContract {

    protected abstract WalletStore store();

    private List<OperationRecord.Decided> apply(List<QueuedOperation> batch) {
        return Operations.commit(store(), batch);
    }

    private static RequestFingerprint opening(String currency) {
        return RequestFingerprint.ofWalletOpening(Optional.empty(), new CurrencyCode(currency));
    }

    @Test
    void aCreatedWalletIsFoundEmpty() {
        WalletId id = Wallets.open(store(), "EUR");
        var wallet = store().findWallet(id).orElseThrow();
        assertThat(wallet.balance()).isEqualTo(Money.ZERO);
        assertThat(wallet.currency()).isEqualTo(new CurrencyCode("EUR"));
    }

    @Test
    void creatingAnExistingIdIsRefused() {
        WalletId id = Wallets.open(store());
        Wallet again = Wallet.open(id, new CurrencyCode("RUB"), Operations.now());
        assertThat(store().createWallet(again, Optional.empty(), opening("RUB"))).isEqualTo(new WalletStore.WalletCreation.IdTaken(id));
    }

    @Test
    void aTakenKeyNamesTheWalletItOpenedAndTheRequestThatDidIt() {
        IdempotencyKey key = new IdempotencyKey("create-" + UUID.randomUUID());
        Wallet first = Wallet.open(new WalletId(UUID.randomUUID()), new CurrencyCode("RUB"), Operations.now());
        Wallet second = Wallet.open(new WalletId(UUID.randomUUID()), new CurrencyCode("EUR"), Operations.now());
        var created = (WalletStore.WalletCreation.Created) store().createWallet(first, Optional.of(key), opening("RUB"));
        var taken = (WalletStore.WalletCreation.KeyTaken) store().createWallet(second, Optional.of(key), opening("EUR"));
        assertThat(taken.wallet()).isEqualTo(created.wallet());
        assertThat(taken.fingerprint()).isEqualTo(opening("RUB"));
        assertThat(store().findWallet(second.id())).isEmpty();
    }

    @Test
    void aBatchIsDecidedInOrderAndBalancesFollow() {
        WalletId id = Wallets.open(store());
        List<OperationRecord.Decided> results = apply(List.of(
                Operations.withdrawal(id, 5),
                Operations.deposit(id, 10),
                Operations.withdrawal(id, 4)));
        assertThat(results).extracting(OperationRecord::status)
                .containsExactly(OperationStatus.REJECTED, OperationStatus.COMPLETED, OperationStatus.COMPLETED);
        assertThat(Operations.rejection(results.get(0))).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
        assertThat(Operations.balanceAfter(results.get(2))).isEqualTo(new Money(6));
        assertThat(store().findWallet(id).orElseThrow().balance()).isEqualTo(new Money(6));
    }

    /** Plans the batch on the wallet as remembered and writes it, in one transaction, as the worker does. */
    private void writePlannedOn(WalletSnapshot remembered, List<QueuedOperation> batch) {
        BatchPlan plan = BatchPlanner.plan(batch, List.of(remembered.toWallet()), List.of(), Operations.now());
        store().inTransaction(tx -> {
            tx.write(plan.writes().plannedOn(List.of(remembered)));
            return null;
        });
    }

    @Test
    void aPlanMadeOnARememberedWalletIsWrittenWhileTheWalletIsAsRemembered() {
        WalletId id = Wallets.open(store());
        apply(List.of(Operations.deposit(id, 10)));
        WalletSnapshot remembered = store().findWallet(id).orElseThrow();

        writePlannedOn(remembered, List.of(Operations.deposit(id, 5)));
        assertThat(store().findWallet(id).orElseThrow().balance()).isEqualTo(new Money(15));
    }

    @Test
    void aPlanMadeOnAnOlderStateOfAWalletIsRefusedAndNothingOfItIsKept() {
        WalletId id = Wallets.open(store());
        WalletSnapshot remembered = store().findWallet(id).orElseThrow();
        apply(List.of(Operations.deposit(id, 10)));
        List<QueuedOperation> late = List.of(Operations.deposit(id, 5));

        assertThatThrownBy(() -> writePlannedOn(remembered, late)).isInstanceOf(BatchStore.WalletChangedException.class);
        assertThat(store().findWallet(id).orElseThrow().balance()).isEqualTo(new Money(10));
        assertThat(store().findOperation(late.getFirst().operation().id())).isEmpty();
    }

    @Test
    void aRejectionDecidedOnAnOlderStateOfAWalletIsRefusedToo() {
        WalletId id = Wallets.open(store());
        WalletSnapshot remembered = store().findWallet(id).orElseThrow();
        apply(List.of(Operations.deposit(id, 100)));
        List<QueuedOperation> late = List.of(Operations.withdrawal(id, 50));
        assertThat(BatchPlanner.plan(late, List.of(remembered.toWallet()), List.of(), Operations.now()).writes().wallets())
                .as("a rejection writes no wallet").isEmpty();

        assertThatThrownBy(() -> writePlannedOn(remembered, late)).isInstanceOf(BatchStore.WalletChangedException.class);
        assertThat(store().findOperation(late.getFirst().operation().id())).isEmpty();
    }

    @Test
    void decidedOperationsAreFoundWithTheirOutcome() {
        WalletId id = Wallets.open(store());
        QueuedOperation rejected = Operations.withdrawal(id, 1);
        apply(List.of(rejected));
        OperationRecord.Decided found = store().findOperation(rejected.operation().id()).orElseThrow();
        assertThat(found.status()).isEqualTo(OperationStatus.REJECTED);
        assertThat(Operations.rejection(found)).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
        assertThat(found.createdAt()).isEqualTo(rejected.operation().createdAt());
    }

    @Test
    void aRedeliveredOperationKeepsItsStoredOutcomeAndTakesEffectOnce() {
        WalletId id = Wallets.open(store());
        QueuedOperation deposit = Operations.deposit(id, 100);
        OperationRecord.Decided first = apply(List.of(deposit)).get(0);
        OperationRecord.Decided again = apply(List.of(deposit, deposit)).get(1);
        assertThat(again).isEqualTo(first);
        assertThat(store().findWallet(id).orElseThrow().balance()).isEqualTo(new Money(100));
    }

    @Test
    void aRedeliveredBatchAppliesItsNewOperationsOnceAndAnswersTheStoredOnes() {
        WalletId id = Wallets.open(store());
        QueuedOperation stored = Operations.deposit(id, 100);
        OperationRecord.Decided first = apply(List.of(stored)).get(0);
        QueuedOperation fresh = Operations.withdrawal(id, 30);
        List<OperationRecord.Decided> results = apply(List.of(fresh, stored, Operations.deposit(id, 5)));
        assertThat(results.get(0).status()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(Operations.balanceAfter(results.get(0))).isEqualTo(new Money(70));
        assertThat(results.get(1)).isEqualTo(first);
        assertThat(Operations.balanceAfter(results.get(2))).isEqualTo(new Money(75));
        assertThat(store().findWallet(id).orElseThrow().balance()).isEqualTo(new Money(75));
        assertThat(store().listOperations(id, 10, OptionalLong.empty()).items()).hasSize(3);
    }

    @Test
    void aSecondOperationWithAStoredKeyGetsTheFirstOnesOutcome() {
        WalletId id = Wallets.open(store());
        QueuedOperation first = Operations.withKey(Operations.deposit(id, 100), "k-" + UUID.randomUUID());
        QueuedOperation duplicate = Operations.again(first);
        OperationRecord.Decided stored = apply(List.of(first)).get(0);
        List<OperationRecord.Decided> results = apply(List.of(duplicate, Operations.again(first)));
        assertThat(results).containsExactly(stored, stored);
        assertThat(store().findWallet(id).orElseThrow().balance()).isEqualTo(new Money(100));
        IdempotencyKey unused = new IdempotencyKey("never-" + UUID.randomUUID());
        assertThat(store().findOperationsByKeys(List.of(first.idempotencyKey().orElseThrow(), unused)))
                .extracting(StoredOperation::operation).containsExactly(stored);
    }

    @Test
    void twoOperationsWithOneKeyInOneBatchTakeEffectOnce() {
        WalletId id = Wallets.open(store());
        QueuedOperation first = Operations.withKey(Operations.deposit(id, 7), "k-" + UUID.randomUUID());
        List<OperationRecord.Decided> results = apply(List.of(first, Operations.again(first)));
        assertThat(results.get(1)).isEqualTo(results.get(0));
        assertThat(store().findWallet(id).orElseThrow().balance()).isEqualTo(new Money(7));
    }

    @Test
    void aTransferMovesMoneyBetweenBothWallets() {
        WalletId source = Wallets.withBalance(store(), 100);
        WalletId target = Wallets.open(store());
        OperationRecord.Decided result = apply(List.of(Operations.transfer(source, target, 30))).get(0);
        assertThat(Operations.balanceAfter(result)).isEqualTo(new Money(70));
        assertThat(store().findWallet(target).orElseThrow().balance()).isEqualTo(new Money(30));
    }

    @Test
    void aTransferBetweenCurrenciesIsRejectedAndMovesNothing() {
        WalletId source = Wallets.withBalance(store(), 100);
        WalletId target = Wallets.open(store(), "USD");
        OperationRecord.Decided result = apply(List.of(Operations.transfer(source, target, 30))).get(0);
        assertThat(Operations.rejection(result)).isEqualTo(RejectionReason.CURRENCY_MISMATCH);
        assertThat(store().findWallet(source).orElseThrow().balance()).isEqualTo(new Money(100));
    }

    @Test
    void historyListsBothSidesNewestFirstInPages() {
        WalletId wallet = Wallets.open(store());
        WalletId other = Wallets.withBalance(store(), 1000);
        List<QueuedOperation> operations = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            operations.add(Operations.deposit(wallet, i));
            operations.add(Operations.transfer(other, wallet, 10 * i));
        }
        apply(operations);

        List<OperationRecord> all = new ArrayList<>();
        OptionalLong before = OptionalLong.empty();
        do {
            OperationPage page = store().listOperations(wallet, 3, before);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
            all.addAll(page.items());
            before = page.nextBefore();
        } while (before.isPresent());

        List<OperationRecord> expected = operations.stream().map(QueuedOperation::operation).toList().reversed().stream()
                .map(op -> (OperationRecord) store().findOperation(op.id()).orElseThrow()).toList();
        assertThat(all).containsExactlyElementsOf(expected);
    }

    @Test
    void historyOfAWalletWithoutOperationsIsEmpty() {
        OperationPage page = store().listOperations(Wallets.open(store()), 10, OptionalLong.empty());
        assertThat(page.items()).isEmpty();
        assertThat(page.nextBefore()).isEmpty();
    }

    @Test
    void aDepositBeyondTheBalanceLimitIsRejected() {
        WalletId id = Wallets.open(store());
        List<QueuedOperation> deposits = new ArrayList<>();
        // 9224 deposits of 10^15 pass Long.MAX_VALUE (about 9223.37 * 10^15).
        for (int i = 0; i < 9224; i++) {
            deposits.add(Operations.deposit(id, 1_000_000_000_000_000L));
        }
        List<OperationRecord.Decided> results = apply(deposits);
        assertThat(results.get(9222).status()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(Operations.rejection(results.get(9223))).isEqualTo(RejectionReason.BALANCE_LIMIT_EXCEEDED);
        assertThat(store().findWallet(id).orElseThrow().balance()).isEqualTo(new Money(9_223_000_000_000_000_000L));
    }

    @Test
    void theStoreSaysItIsAvailable() {
        assertThat(store().isAvailable()).isTrue();
    }

    // ---- holds, limits, status ----------------------------------------------------------------

    @Test
    void dueHoldsAreReadPageAfterPageInExpiryOrder() {
        WalletId payer = Wallets.open(store());
        Instant now = Operations.now();
        List<QueuedOperation> placements = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            placements.add(Operations.hold(payer, 1, Optional.empty(), now.minusSeconds(60 - i)));
        }
        List<QueuedOperation> batch = new ArrayList<>(List.of(Operations.deposit(payer, 100)));
        batch.addAll(placements);
        apply(batch);
        List<OperationId> mine = placements.stream().map(p -> p.operation().id()).toList();
        List<OperationId> read = new ArrayList<>();
        Optional<Hold> after = Optional.empty();
        while (true) {
            List<Hold> page = store().findDueHolds(Operations.now(), after, 2).stream().filter(h -> h.walletId().equals(payer)).toList();
            List<Hold> all = store().findDueHolds(Operations.now(), after, 2);
            read.addAll(page.stream().map(Hold::id).toList());
            if (all.size() < 2) {
                break;
            }
            after = Optional.of(all.getLast());
        }
        assertThat(read).containsExactlyElementsOf(mine);
    }

    @Test
    void holdsArePlacedSettledAndFoundAsTheyStand() {
        WalletId payer = Wallets.open(store());
        WalletId payee = Wallets.open(store());
        Instant now = Operations.now();
        QueuedOperation later = Operations.hold(payer, 30, Optional.of(payee), now.plus(Duration.ofHours(1)));
        QueuedOperation due = Operations.hold(payer, 20, Optional.empty(), now.minusSeconds(1));
        apply(List.of(Operations.deposit(payer, 100), later, due));
        OperationId laterId = later.operation().id();
        OperationId dueId = due.operation().id();
        Hold placed = store().findHold(laterId).orElseThrow();
        assertThat(placed.status()).isEqualTo(HoldStatus.ACTIVE);
        assertThat(placed.amount()).isEqualTo(new Amount(30));
        assertThat(placed.toWalletId()).contains(payee);
        assertThat(placed.expiresAt()).isEqualTo(now.plus(Duration.ofHours(1)));
        assertThat(store().findWallet(payer).orElseThrow().heldAmount()).isEqualTo(50);
        assertThat(store().findDueHolds(Operations.now(), java.util.Optional.empty(), 10)).extracting(Hold::id).contains(dueId).doesNotContain(laterId);

        List<OperationRecord.Decided> settled = apply(List.of(
                Operations.capture(payer, laterId, Optional.of(10L), Optional.of(payee)), Operations.expiry(payer, dueId)));
        assertThat(settled).extracting(OperationRecord::status).containsOnly(OperationStatus.COMPLETED);
        Hold captured = store().findHold(laterId).orElseThrow();
        assertThat(captured.status()).isEqualTo(HoldStatus.CAPTURED);
        assertThat(captured.capturedAmount()).isEqualTo(10);
        assertThat(captured.settledAt()).isPresent();
        assertThat(store().findHold(dueId).orElseThrow().status()).isEqualTo(HoldStatus.EXPIRED);
        assertThat(store().findDueHolds(Operations.now(), java.util.Optional.empty(), 10)).extracting(Hold::id).doesNotContain(dueId);
        var wallet = store().findWallet(payer).orElseThrow();
        assertThat(wallet.balance()).isEqualTo(new Money(90));
        assertThat(wallet.heldAmount()).isZero();
        assertThat(store().findWallet(payee).orElseThrow().balance()).isEqualTo(new Money(10));
        assertThat(store().findOperation(settled.getFirst().id()).orElseThrow()).isEqualTo(settled.getFirst());
        assertThat(store().findOperation(dueId).orElseThrow().operation()).isEqualTo(due.operation().operation());
    }

    @Test
    void holdsOfAWalletArePagedNewestFirstAndFilteredByStatus() {
        WalletId wallet = Wallets.open(store());
        List<QueuedOperation> holds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            holds.add(Operations.hold(wallet, 1 + i, Optional.empty(), Operations.now().plusSeconds(3600)));
        }
        List<QueuedOperation> batch = new ArrayList<>(List.of(Operations.deposit(wallet, 100)));
        batch.addAll(holds);
        apply(batch);
        apply(List.of(Operations.voiding(wallet, holds.get(1).operation().id())));
        List<OperationId> ids = holds.stream().map(h -> h.operation().id()).toList();

        HoldPage first = store().listHolds(wallet, Optional.of(HoldStatus.ACTIVE), 2, Optional.empty());
        assertThat(first.items()).extracting(Hold::id).containsExactly(ids.get(4), ids.get(3));
        HoldPage second = store().listHolds(wallet, Optional.of(HoldStatus.ACTIVE), 2, first.nextBefore());
        assertThat(second.items()).extracting(Hold::id).containsExactly(ids.get(2), ids.get(0));
        assertThat(second.nextBefore()).isEmpty();
        assertThat(store().listHolds(wallet, Optional.of(HoldStatus.VOIDED), 10, Optional.empty()).items()).extracting(Hold::id)
                .containsExactly(ids.get(1));
        assertThat(store().listHolds(wallet, Optional.empty(), 10, Optional.empty()).items()).hasSize(5);
    }

    @Test
    void rulesStatusAndDebitCountersAreKeptAsTheLedgerLeftThem() {
        WalletLimits opening = new WalletLimits(0, OptionalLong.of(1_000), OptionalLong.empty(), OptionalLong.of(500));
        Wallet frozen = Wallet.open(new WalletId(UUID.randomUUID()), new CurrencyCode("RUB"), opening, WalletStatus.FROZEN, Operations.now());
        store().createWallet(frozen, Optional.empty(), opening("RUB"));
        WalletId id = frozen.id();
        assertThat(store().findWallet(id).orElseThrow().limits()).isEqualTo(opening);
        assertThat(store().findWallet(id).orElseThrow().status()).isEqualTo(WalletStatus.FROZEN);

        WalletLimits overdraft = new WalletLimits(50, OptionalLong.empty(), OptionalLong.of(200), OptionalLong.empty());
        List<OperationRecord.Decided> results = apply(List.of(
                Operations.deposit(id, 100),
                Operations.withdrawal(id, 10),
                Operations.status(id, WalletStatus.ACTIVE),
                Operations.withdrawal(id, 30),
                Operations.limits(id, overdraft),
                Operations.withdrawal(id, 120)));
        assertThat(results).extracting(OperationRecord::status).containsExactly(OperationStatus.COMPLETED, OperationStatus.REJECTED,
                OperationStatus.COMPLETED, OperationStatus.COMPLETED, OperationStatus.COMPLETED, OperationStatus.COMPLETED);
        assertThat(Operations.rejection(results.get(1))).isEqualTo(RejectionReason.WALLET_FROZEN);
        var wallet = store().findWallet(id).orElseThrow();
        assertThat(wallet.balance()).isEqualTo(new Money(-50));
        assertThat(wallet.availableBalance()).isZero();
        assertThat(wallet.limits()).isEqualTo(overdraft);
        assertThat(wallet.status()).isEqualTo(WalletStatus.ACTIVE);
        LocalDate today = LocalDate.ofInstant(results.getLast().decidedAt(), ZoneOffset.UTC);
        assertThat(wallet.debits().debitedOn(today)).isEqualTo(150);
        assertThat(wallet.debits().debitedIn(YearMonth.from(today))).isEqualTo(150);
        for (OperationRecord.Decided result : results) {
            assertThat(store().findOperation(result.id()).orElseThrow()).isEqualTo(result);
        }
    }

    @Test
    void entriesAreKeptChainedInOrderAndTheirChainVerifies() {
        WalletId a = Wallets.open(store());
        WalletId b = Wallets.open(store());
        apply(List.of(Operations.deposit(a, 100), Operations.withdrawal(a, 30), Operations.transfer(a, b, 20)));
        apply(List.of(Operations.transfer(b, a, 5), Operations.withdrawal(a, 1_000)));
        List<io.github.wallet.application.port.out.StoredEntry> entries = new ArrayList<>();
        assertThat(store().readChain(a, entries::add)).isPresent();
        assertThat(entries).extracting(io.github.wallet.application.port.out.StoredEntry::delta).containsExactly(100L, -30L, -20L, 5L);
        assertThat(entries).extracting(e -> e.type().name()).containsExactly("DEPOSIT", "WITHDRAW", "TRANSFER", "TRANSFER");
        var verifier = new io.github.wallet.application.service.ChainVerifier(store());
        var verified = verifier.verify(a).orElseThrow();
        assertThat(verified.valid()).as(verified.toString()).isTrue();
        assertThat(verified.entries()).isEqualTo(4);
        assertThat(verified.headHash()).isEqualTo(entries.getLast().hash()).isEqualTo(store().findWallet(a).orElseThrow().chainHead());
        assertThat(verifier.verify(b).orElseThrow().valid()).isTrue();
    }

    @Test
    void everyDecidedOperationHasOneEventInTheFeedOnceCommitted() {
        WalletId a = Wallets.open(store());
        WalletId b = Wallets.open(store());
        store().sequence();
        long start = store().end();
        List<OperationRecord.Decided> decided = apply(List.of(Operations.deposit(a, 100), Operations.withdrawal(b, 1), Operations.transfer(a, b, 40)));
        assertThat(store().read(start, 100, Optional.empty())).as("not placed yet").isEmpty();
        awaitFeedEnd(start, decided.size());
        List<io.github.wallet.application.port.FeedEvent> feed = store().read(start, 100, Optional.empty());
        assertThat(feed).extracting(e -> e.event().operation()).containsExactlyElementsOf(decided);
        assertThat(feed).extracting(e -> e.event().type()).containsExactly("operation.completed", "operation.rejected", "operation.completed");
        assertThat(feed.get(2).event().wallets()).extracting(io.github.wallet.application.port.EventWallet::balance).containsExactly(60L, 40L);
        assertThat(feed).extracting(io.github.wallet.application.port.FeedEvent::position).isSorted().doesNotHaveDuplicates();
        assertThat(store().end()).isEqualTo(feed.getLast().position());
        assertThat(store().read(start, 100, Optional.of(b))).hasSize(2);
        assertThat(store().read(feed.get(0).position(), 1, Optional.empty())).extracting(io.github.wallet.application.port.FeedEvent::position)
                .containsExactly(feed.get(1).position());
    }

    /** Runs the sequencer until the feed's end has moved on by at least {@code events} since {@code start} (a run may publish in two steps). */
    private void awaitFeedEnd(long start, int events) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(10))
                .until(() -> store().sequence() >= 0 && store().read(start, 100, Optional.empty()).size() >= events);
    }
}
