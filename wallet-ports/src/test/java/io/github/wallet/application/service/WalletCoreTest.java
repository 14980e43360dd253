package io.github.wallet.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.wallet.application.port.DependencyUnavailableException;
import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.in.CreateWalletCommand;
import io.github.wallet.application.port.in.CreateWalletResult;
import io.github.wallet.application.port.in.ListOperationsQuery;
import io.github.wallet.application.port.in.SubmitOperationCommand;
import io.github.wallet.application.port.in.Submission;
import io.github.wallet.application.testing.InMemoryWalletStore;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WalletCoreTest {

    private final InMemoryWalletStore store = new InMemoryWalletStore();

    private static WalletId open(WalletCore core) {
        return ((CreateWalletResult.Created) core.createWallet().create(CreateWalletCommand.withDefaults())).wallet().id();
    }

    private static Submission.Accepted submit(WalletCore core, SubmitOperationCommand command) {
        return (Submission.Accepted) core.submitOperation().submit(command);
    }

    @Test
    void onceClosingBeginsWritesAreRefusedWhileWhatIsQueuedDrains() throws InterruptedException {
        WalletCore core = WalletCore.builder(store)
                .processorSettings(new ProcessorSettings(100, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5)))
                .build().start();
        WalletId wallet = open(core);
        store.setDown(true);  // the worker cannot commit, so the drain takes its whole wait
        submit(core, SubmitOperationCommand.deposit(wallet, new Amount(5)));
        Thread closing = Thread.ofPlatform().start(core::close);
        await().atMost(Duration.ofSeconds(1)).until(() -> !core.isQueueAvailable());
        assertThat(closing.isAlive()).as("still draining").isTrue();
        // Accepted now, it would sit in a queue nobody takes from any more: refused (503), the client retries elsewhere.
        assertThatThrownBy(() -> core.submitOperation().submit(SubmitOperationCommand.deposit(wallet, new Amount(7))))
                .isInstanceOf(DependencyUnavailableException.class);
        closing.join();
    }

    @Test
    void operationsOnOneWalletAreAppliedInTheOrderTheyWereQueued() {
        try (WalletCore core = WalletCore.builder(store).build().start()) {
            WalletId wallet = open(core);
            List<OperationId> queued = new ArrayList<>();
            List<CompletableFuture<Settlement>> settled = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                SubmitOperationCommand command = i % 3 == 2
                        ? SubmitOperationCommand.withdrawal(wallet, new Amount(2))
                        : SubmitOperationCommand.deposit(wallet, new Amount(1));
                Submission.Accepted accepted = submit(core, command);
                queued.add(accepted.operation().id());
                settled.add(accepted.settlement().toCompletableFuture());
            }
            CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new)).join();

            List<OperationId> applied = core.listOperations().listOperations(new ListOperationsQuery(wallet, 1000, OptionalLong.empty()))
                    .orElseThrow().items().stream().map(OperationRecord::id).toList().reversed();
            assertThat(applied).containsExactlyElementsOf(queued);
        }
    }

    @Test
    void manyWaitingOperationsAreCommittedInFewBatches() throws Exception {
        ConcurrentLinkedQueue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
        ProcessorListener listener = new ProcessorListener() {
            @Override
            public void batchCommitted(int shard, List<Settlement> settlements, long applyNanos) {
                batchSizes.add(settlements.size());
            }
        };
        store.setDown(true);
        try (WalletCore core = WalletCore.builder(store).listener(listener).build().start()) {
            store.setDown(false);
            WalletId wallet = open(core);
            store.setDown(true);
            List<CompletableFuture<Settlement>> settled = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                settled.add(submit(core, SubmitOperationCommand.deposit(wallet, new Amount(1))).settlement().toCompletableFuture());
            }
            // While the store is down the first batch keeps failing and the rest pile up behind it.
            store.setDown(false);
            CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        }
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
        assertThat(batchSizes.size()).isLessThan(20);
    }

    @Test
    void closingCommitsWhatIsStillQueued() {
        WalletId wallet;
        List<CompletableFuture<Settlement>> settled = new ArrayList<>();
        try (WalletCore core = WalletCore.builder(store).build().start()) {
            wallet = open(core);
            for (int i = 0; i < 500; i++) {
                settled.add(submit(core, SubmitOperationCommand.deposit(wallet, new Amount(1))).settlement().toCompletableFuture());
            }
        }
        assertThat(settled).allMatch(CompletableFuture::isDone);
        assertThat(store.findWallet(wallet).orElseThrow().balance().amountMinor()).isEqualTo(500);
        assertThat(store.ledgerSum(wallet)).isEqualTo(500);
    }

    @Test
    void aFullQueueRefusesInsteadOfGrowing() {
        store.setDown(true);
        try (WalletCore core = WalletCore.builder(store).shardCount(1).queueCapacity(10).queueRoomWait(Duration.ZERO).build().start()) {
            store.setDown(false);
            WalletId wallet = open(core);
            store.setDown(true);
            int refused = 0;
            for (int i = 0; i < 30; i++) {
                try {
                    submit(core, SubmitOperationCommand.deposit(wallet, new Amount(1)));
                } catch (io.github.wallet.application.port.DependencyUnavailableException e) {
                    refused++;
                    assertThat(e.dependency()).isEqualTo("queue");
                }
            }
            store.setDown(false);
            // The ring holds 10 and the worker holds at most one batch: what it had polled, plus the
            // ring's 10 if they arrived before it drained them (11). At most 21 are taken in; the rest is refused.
            assertThat(refused).isGreaterThanOrEqualTo(30 - 10 - 11);
        }
    }

    @Test
    void aWriteThatFindsItsShardFullWaitsForRoomAndIsTakenOnceTheWorkerMakesSome() throws Exception {
        store.setDown(true);
        try (WalletCore core = WalletCore.builder(store).shardCount(1).queueCapacity(10).queueRoomWait(Duration.ofSeconds(30)).build().start()) {
            store.setDown(false);
            WalletId wallet = open(core);
            store.setDown(true);
            List<CompletableFuture<?>> settled = new ArrayList<>();
            // Fill the shard (the worker holds at most one batch out of it while the store is down).
            Submission.Accepted first = submit(core, SubmitOperationCommand.deposit(wallet, new Amount(1)));
            settled.add(first.settlement().toCompletableFuture());
            CompletableFuture<Submission.Accepted> waiting = new CompletableFuture<>();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 30; i++) {
                        settled.add(submit(core, SubmitOperationCommand.deposit(wallet, new Amount(1))).settlement().toCompletableFuture());
                    }
                    waiting.complete(submit(core, SubmitOperationCommand.deposit(wallet, new Amount(1))));
                } catch (RuntimeException e) {
                    waiting.completeExceptionally(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.getState() == Thread.State.WAITING || writer.getState() == Thread.State.TIMED_WAITING);
            assertThat(waiting).as("the writer waits for room, not refused").isNotDone();

            store.setDown(false);
            Submission.Accepted last = waiting.get(20, TimeUnit.SECONDS);
            assertThat(last.settlement().toCompletableFuture().get(20, TimeUnit.SECONDS)).isInstanceOf(Settlement.Committed.class);
            for (CompletableFuture<?> each : List.copyOf(settled)) {
                assertThat(each.get(20, TimeUnit.SECONDS)).isInstanceOf(Settlement.Committed.class);
            }
            assertThat(store.findWallet(wallet).orElseThrow().balance().amountMinor()).isEqualTo(32);
        }
    }

    @Test
    void aShardThatStaysFullIsA503AfterTheWaitForRoom() {
        store.setDown(true);
        Duration roomWait = Duration.ofMillis(300);
        try (WalletCore core = WalletCore.builder(store).shardCount(1).queueCapacity(2).queueRoomWait(roomWait).build().start()) {
            store.setDown(false);
            WalletId wallet = open(core);
            store.setDown(true);
            io.github.wallet.application.port.DependencyUnavailableException refused = null;
            long waitedNanos = 0;
            for (int i = 0; i < 10 && refused == null; i++) {
                long started = System.nanoTime();
                try {
                    submit(core, SubmitOperationCommand.deposit(wallet, new Amount(1)));
                } catch (io.github.wallet.application.port.DependencyUnavailableException e) {
                    refused = e;
                    waitedNanos = System.nanoTime() - started;
                }
            }
            assertThat(refused).isInstanceOf(io.github.wallet.application.port.QueueFullException.class);
            assertThat(refused.retryAfter()).isPositive();
            assertThat(Duration.ofNanos(waitedNanos)).as("it waited for room first").isGreaterThanOrEqualTo(roomWait);
        }
    }
}
