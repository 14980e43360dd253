package io.github.wallet.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.in.CreateWalletCommand;
import io.github.wallet.application.port.in.CreateWalletResult;
import io.github.wallet.application.port.in.PlaceHoldCommand;
import io.github.wallet.application.port.in.SettleHoldCommand;
import io.github.wallet.application.port.in.Submission;
import io.github.wallet.application.testing.InMemoryWalletStore;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.operation.RejectionReason;
import io.github.wallet.domain.wallet.WalletId;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A hold's step sent with an {@code Idempotency-Key} answers its first outcome on every retry
 * (CONTRACT.md §3 Idempotency), also when the service would now refuse the step before queueing
 * it: here a capture queued behind a placement that was then refused. The capture was decided
 * (REJECTED, {@code HOLD_NOT_FOUND}, with its own operation id); a retry must replay that, not
 * answer the refused placement's {@code HOLD_NOT_ACTIVE} without an operation.
 */
class HoldStepReplayTest {

    private final InMemoryWalletStore store = new InMemoryWalletStore();

    @ParameterizedTest
    @EnumSource(SettleHoldCommand.Step.class)
    void aKeyedStepQueuedBehindAPlacementThatWasRefusedIsReplayedOnRetry(SettleHoldCommand.Step step) throws Exception {
        // Not started yet: no worker takes from the queue, so the placement and the step queue up behind each other.
        try (WalletCore core = WalletCore.builder(store).build()) {
            WalletId wallet = ((CreateWalletResult.Created) core.createWallet().create(CreateWalletCommand.withDefaults())).wallet().id();
            Submission.Accepted placed = (Submission.Accepted) core.holds().place(
                    new PlaceHoldCommand(wallet, new Amount(10), Optional.empty(), OptionalLong.empty(), Optional.empty()));
            OperationId holdId = placed.operation().id();
            SettleHoldCommand command = new SettleHoldCommand(holdId, step, Optional.empty(), Optional.of(new IdempotencyKey("step-" + step)));
            Submission.Accepted first = (Submission.Accepted) core.holds().settle(command);
            core.start();

            Settlement.Committed decided = (Settlement.Committed) first.settlement().toCompletableFuture().get(10, TimeUnit.SECONDS);
            Settlement.Committed placement = (Settlement.Committed) placed.settlement().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(placement.operation().outcome()).isEqualTo(new Outcome.Rejected(RejectionReason.INSUFFICIENT_FUNDS));
            assertThat(decided.operation().outcome()).isEqualTo(new Outcome.Rejected(RejectionReason.HOLD_NOT_FOUND));

            Submission retry = core.holds().settle(command);

            assertThat(retry).as("the retry of a decided keyed step").isInstanceOf(Submission.Accepted.class);
            Submission.Accepted replay = (Submission.Accepted) retry;
            assertThat(replay.replayed()).isTrue();
            assertThat(replay.operation().id()).isEqualTo(first.operation().id());
            Settlement.Committed replayed = (Settlement.Committed) replay.settlement().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(replayed.operation().outcome()).isEqualTo(decided.operation().outcome());
        }
    }

    @ParameterizedTest
    @EnumSource(SettleHoldCommand.Step.class)
    void aKeyNeverUsedStillGetsTheRefusedPlacementsAnswer(SettleHoldCommand.Step step) throws Exception {
        try (WalletCore core = WalletCore.builder(store).build().start()) {
            WalletId wallet = ((CreateWalletResult.Created) core.createWallet().create(CreateWalletCommand.withDefaults())).wallet().id();
            Submission.Accepted placed = (Submission.Accepted) core.holds().place(
                    new PlaceHoldCommand(wallet, new Amount(10), Optional.empty(), OptionalLong.empty(), Optional.empty()));
            placed.settlement().toCompletableFuture().get(10, TimeUnit.SECONDS);

            Submission answer = core.holds().settle(new SettleHoldCommand(placed.operation().id(), step, Optional.empty(),
                    Optional.of(new IdempotencyKey("fresh-" + step))));

            assertThat(answer).isInstanceOf(Submission.HoldNotActive.class);
        }
    }
}
