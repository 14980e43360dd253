package io.github.wallet.application.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.OutcomeBus;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link OutcomeBus} must do; each implementation's test extends this. The request
 * waits on one side, the worker publishes on the other (the same bus for the in-process one).
 */
public abstract class OutcomeBusContract {

    /** The bus of the instance holding the request. */
    protected abstract OutcomeBus waitingSide();

    /** The bus of the instance whose worker committed the operation. */
    protected abstract OutcomeBus publishingSide();

    private static Settlement.Committed settlementOf(QueuedOperation queued, long balance) {
        return new Settlement.Committed(queued.operation().decided(new Outcome.Completed(new Money(balance)), Operations.now()), 42);
    }

    private void publish(OperationId waiter, Settlement settlement) {
        publishingSide().publish(List.of(new OutcomeBus.Delivery(waitingSide().replyAddress(), waiter, settlement)));
    }

    private static Settlement within(CompletableFuture<Settlement> stage) throws Exception {
        return stage.get(5, TimeUnit.SECONDS);
    }

    @Test
    void anAwaitedOutcomeCompletesWhenPublished() throws Exception {
        QueuedOperation queued = Operations.deposit(new WalletId(UUID.randomUUID()), 5);
        CompletableFuture<Settlement> waiting = waitingSide().await(queued.operation().id()).toCompletableFuture();
        Settlement settlement = settlementOf(queued, 5);
        publish(queued.operation().id(), settlement);
        assertThat(within(waiting)).isEqualTo(settlement);
    }

    @Test
    void everyWaiterOfAnOperationGetsTheOutcomeAndACancelledOneIsLeftOut() throws Exception {
        QueuedOperation queued = Operations.deposit(new WalletId(UUID.randomUUID()), 5);
        CompletableFuture<Settlement> first = waitingSide().await(queued.operation().id()).toCompletableFuture();
        CompletableFuture<Settlement> second = waitingSide().await(queued.operation().id()).toCompletableFuture();
        CompletableFuture<Settlement> gaveUp = waitingSide().await(queued.operation().id()).toCompletableFuture();
        gaveUp.cancel(false);
        Settlement settlement = settlementOf(queued, 5);
        publish(queued.operation().id(), settlement);
        assertThat(within(first)).isEqualTo(settlement);
        assertThat(within(second)).isEqualTo(settlement);
        assertThat(gaveUp.isCancelled()).isTrue();
    }

    @Test
    void aRefusedKeyTravelsLikeAnOutcome() throws Exception {
        OperationId waiter = new OperationId(UUID.randomUUID());
        CompletableFuture<Settlement> waiting = waitingSide().await(waiter).toCompletableFuture();
        Settlement reused = new Settlement.KeyReused(new IdempotencyKey("k-" + UUID.randomUUID()));
        publish(waiter, reused);
        assertThat(within(waiting)).isEqualTo(reused);
    }

    @Test
    void outcomesNobodyWaitsForAreDroppedAndLaterOnesStillArrive() throws Exception {
        QueuedOperation nobody = Operations.deposit(new WalletId(UUID.randomUUID()), 1);
        publish(nobody.operation().id(), settlementOf(nobody, 1));
        QueuedOperation queued = Operations.transfer(new WalletId(UUID.randomUUID()), new WalletId(UUID.randomUUID()), 7);
        CompletableFuture<Settlement> waiting = waitingSide().await(queued.operation().id()).toCompletableFuture();
        Settlement settlement = settlementOf(queued, 0);
        publish(queued.operation().id(), settlement);
        assertThat(within(waiting)).isEqualTo(settlement);
        await().atMost(Duration.ofSeconds(1)).until(waiting::isDone);
    }
}
