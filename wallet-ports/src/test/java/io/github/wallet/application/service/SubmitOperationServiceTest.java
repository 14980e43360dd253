package io.github.wallet.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.wallet.application.inprocess.InProcessOperationQueue;
import io.github.wallet.application.inprocess.InProcessOutcomeBus;
import io.github.wallet.application.inprocess.SystemTimeSource;
import io.github.wallet.application.inprocess.TimeOrderedIdGenerator;
import io.github.wallet.application.port.DependencyUnavailableException;
import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.in.Submission;
import io.github.wallet.application.port.in.SubmitOperationCommand;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.OutcomeBus;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.testing.InMemoryWalletStore;
import io.github.wallet.application.testing.Operations;
import io.github.wallet.application.testing.Wallets;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every idempotency path of a submission, on the in-process fakes, with the worker's steps driven
 * by hand so each interleaving is chosen, not hoped for.
 */
class SubmitOperationServiceTest {

    private final InMemoryWalletStore store = new InMemoryWalletStore();
    private final InProcessOutcomeBus bus = new InProcessOutcomeBus();
    private final StorePolling polling = new StorePolling();
    private final KeyLookups keyLookups = new KeyLookups(store);
    private OperationQueue queue = new InProcessOperationQueue(1, 100);
    private SubmitOperationService service = serviceOn(queue);
    private final WalletId wallet = Wallets.open(store);

    private SubmitOperationService serviceOn(OperationQueue on) {
        return new SubmitOperationService(on, bus, keyLookups, new KnownWallets(store), polling, new SystemTimeSource(), new TimeOrderedIdGenerator());
    }

    @AfterEach
    void stopPolling() {
        polling.close();
        keyLookups.close();
    }

    private static SubmitOperationCommand deposit(WalletId wallet, long amount, String key) {
        return SubmitOperationCommand.deposit(wallet, new Amount(amount)).withIdempotencyKey(new IdempotencyKey(key));
    }

    /** The worker's steps for what is queued: take, commit, acknowledge; publishing the outcomes only when asked. */
    private List<Settlement> commitQueued(boolean publish) throws InterruptedException {
        OperationQueue.Batch batch = queue.take(0, 100, Duration.ofMillis(10));
        List<Settlement> settled = new BatchCommitter(store, io.github.wallet.application.service.RuleSettings.defaults(), io.github.wallet.application.service.WalletSnapshotCache.off()).commit(batch.operations(), Operations.now());
        queue.acknowledge(batch);
        if (publish) {
            List<OutcomeBus.Delivery> deliveries = new ArrayList<>();
            for (int i = 0; i < settled.size(); i++) {
                QueuedOperation queued = batch.operations().get(i);
                deliveries.add(new OutcomeBus.Delivery(queued.replyTo(), queued.operation().id(), settled.get(i)));
            }
            bus.publish(deliveries);
        }
        return settled;
    }

    private static Settlement settled(Submission submission) throws Exception {
        return ((Submission.Accepted) submission).settlement().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** What a client is told before the decision (a 202): a keyed write looks its key up in the store first. */
    private static Submission beforeDecided(Submission submission) throws Exception {
        return submission instanceof Submission.Accepted accepted
                ? accepted.beforeDecided().toCompletableFuture().get(5, TimeUnit.SECONDS)
                : submission;
    }

    /** A keyed deposit, queued, committed and answered: the operation stored under the key. */
    private OperationRecord committedUnder(String key, long amount) throws Exception {
        Submission first = service.submit(deposit(wallet, amount, key));
        commitQueued(true);
        return ((Settlement.Committed) settled(first)).operation();
    }

    /** Commits what is queued: the wallet holds the key's 5 once, whatever was retried under it. */
    private void commitQueuedAndExpectTheKeyAppliedOnce() throws InterruptedException {
        commitQueued(true);
        assertThat(store.ledgerSum(wallet)).as("the key's deposit, applied once").isEqualTo(5);
    }

    /** As a minute after the commits, or on an instance that never saw the keys: the queue holds no claim. */
    private void giveUpClaims() {
        queue = new InProcessOperationQueue(1, 100);
        service = serviceOn(queue);
    }

    @Test
    void aRetryOfAStoredKeyWhoseClaimWasGivenUpIsAnsweredFromTheStoreBeforeTheDecision() throws Exception {
        String key = "k-" + UUID.randomUUID();
        OperationRecord original = committedUnder(key, 5);
        giveUpClaims();

        Submission retry = service.submit(deposit(wallet, 5, key));
        var answered = (Submission.Accepted) beforeDecided(retry);

        // A 202 for the retry would carry an id that never exists: the key's operation is the answer.
        assertThat(answered.replayed()).isTrue();
        assertThat(answered.operation()).isEqualTo(original);
        assertThat(((Submission.Accepted) retry).operation().id()).isNotEqualTo(original.id());
        assertThat(beforeDecided(service.submit(deposit(wallet, 7, key)))).as("a different body under the key")
                .isEqualTo(new Submission.IdempotencyKeyReused(new IdempotencyKey(key)));
        commitQueuedAndExpectTheKeyAppliedOnce();
    }

    @Test
    void aKeyWhoseOperationIsStoredIsAnsweredFromTheStoreAndTheRetryHasNoEffect() throws Exception {
        String key = "k-" + UUID.randomUUID();
        OperationRecord original = committedUnder(key, 5);

        var again = (Submission.Accepted) beforeDecided(service.submit(deposit(wallet, 5, key)));
        assertThat(again.replayed()).isTrue();
        assertThat(again.operation()).isEqualTo(original);
        // The key is still claimed (until a minute after the commit): the retry joined the stored
        // operation, queued nothing, and nothing is applied twice.
        commitQueuedAndExpectTheKeyAppliedOnce();
    }

    @Test
    void aSyncRetryOfAStoredKeyIsAnsweredByThePlannerWithTheKeysOperationAndNoLookInTheStore() throws Exception {
        String key = "k-" + UUID.randomUUID();
        OperationRecord original = committedUnder(key, 5);
        giveUpClaims();
        int looksBefore = store.keyLookups();

        // Waited for, not answered before the decision: queued as new (the key's claim was given up) ...
        Submission retry = service.submit(deposit(wallet, 5, key));
        commitQueued(true);

        // ... and answered with the key's operation by the planner, which did not apply it again.
        assertThat(((Settlement.Committed) settled(retry)).operation()).isEqualTo(original);
        assertThat(store.ledgerSum(wallet)).isEqualTo(5);
        assertThat(store.keyLookups()).as("looks in the store by key").isEqualTo(looksBefore);
    }

    @Test
    void aSyncRetryWithADifferentBodyUnderAStoredKeyIsAnsweredKeyReusedByThePlanner() throws Exception {
        String key = "k-" + UUID.randomUUID();
        service.submit(deposit(wallet, 5, key));
        commitQueued(true);
        giveUpClaims();

        Submission reused = service.submit(deposit(wallet, 6, key));
        commitQueued(true);

        assertThat(settled(reused)).isEqualTo(new Settlement.KeyReused(new IdempotencyKey(key)));
        assertThat(store.ledgerSum(wallet)).isEqualTo(5);
    }

    @Test
    void aDifferentRequestUnderAStoredKeyIsRefused() throws Exception {
        String key = "k-" + UUID.randomUUID();
        service.submit(deposit(wallet, 5, key));
        commitQueued(true);
        assertThat(beforeDecided(service.submit(deposit(wallet, 6, key)))).isEqualTo(new Submission.IdempotencyKeyReused(new IdempotencyKey(key)));
    }

    @Test
    void aRetryIsAnsweredFromTheStoreEvenWhileADifferentRequestHoldsTheKeysClaim() throws Exception {
        String key = "k-" + UUID.randomUUID();
        Submission original = service.submit(deposit(wallet, 3, key));
        commitQueued(true);
        // A different body under the key, after the commit: queued (the claim was free), refused at once.
        assertThat(beforeDecided(service.submit(deposit(wallet, 4, key)))).isEqualTo(new Submission.IdempotencyKeyReused(new IdempotencyKey(key)));
        // While that refused duplicate still holds the claim, a retry of the original is a replay, not a 422.
        var retry = (Submission.Accepted) service.submit(deposit(wallet, 3, key));
        assertThat(retry.replayed()).isTrue();
        assertThat(retry.operation().id()).isEqualTo(((Settlement.Committed) settled(original)).operation().id());
        commitQueued(true);
        assertThat(store.ledgerSum(wallet)).isEqualTo(3);
    }

    @Test
    void aDuplicateOfAQueuedRequestWaitsForItsOutcomeAndNothingIsQueuedTwice() throws Exception {
        String key = "k-" + UUID.randomUUID();
        var first = (Submission.Accepted) service.submit(deposit(wallet, 5, key));
        var duplicate = (Submission.Accepted) service.submit(deposit(wallet, 5, key));
        assertThat(duplicate.replayed()).isTrue();
        assertThat(duplicate.operation().id()).isEqualTo(first.operation().id());
        assertThat(queue.depth(0)).isEqualTo(1);

        commitQueued(true);
        assertThat(settled(duplicate)).isEqualTo(settled(first));
        assertThat(store.ledgerSum(wallet)).isEqualTo(5);
    }

    @Test
    void aDifferentRequestUnderAQueuedKeyIsRefused() {
        String key = "k-" + UUID.randomUUID();
        service.submit(deposit(wallet, 3, key));
        assertThat(service.submit(deposit(wallet, 4, key))).isEqualTo(new Submission.IdempotencyKeyReused(new IdempotencyKey(key)));
        assertThat(queue.depth(0)).isEqualTo(1);
    }

    @Test
    void aDuplicateOfARequestQueuedByAnotherInstanceLearnsTheOutcomeFromTheStore() throws Exception {
        String key = "k-" + UUID.randomUUID();
        QueuedOperation elsewhere = Operations.withKey(Operations.deposit(wallet, 8), key);
        QueuedOperation fromOtherInstance = new QueuedOperation(elsewhere.operation(), elsewhere.idempotencyKey(),
                RequestFingerprint.of(elsewhere.operation().operation()), "another-instance");
        queue.publish(fromOtherInstance);

        var duplicate = (Submission.Accepted) service.submit(deposit(wallet, 8, key));
        assertThat(duplicate.operation().id()).isEqualTo(fromOtherInstance.operation().id());
        // The other instance's worker commits and tells only its own requests: this one must find out by itself.
        commitQueued(false);
        Settlement settlement = settled(duplicate);
        assertThat(((Settlement.Committed) settlement).operation().id()).isEqualTo(fromOtherInstance.operation().id());
        // The bus forgets the waiter once the store answered (right after, on the polling thread).
        await().atMost(Duration.ofSeconds(5)).until(() -> bus.waiting() == 0);
    }

    @Test
    void aFullQueueRefusesAndLeavesNoWaiterNorClaimBehind() throws Exception {
        queue = new InProcessOperationQueue(1, 1);
        service = serviceOn(queue);
        service.submit(SubmitOperationCommand.deposit(wallet, new Amount(1)));
        String key = "k-" + UUID.randomUUID();
        assertThatThrownBy(() -> service.submit(deposit(wallet, 2, key))).isInstanceOf(DependencyUnavailableException.class);
        assertThat(bus.waiting()).as("only the queued request waits").isEqualTo(1);

        commitQueued(true);
        assertThat(bus.waiting()).isZero();
        var retried = (Submission.Accepted) service.submit(deposit(wallet, 2, key));
        assertThat(retried.replayed()).as("the refused attempt held no claim on the key").isFalse();
    }

    @Test
    void whenTheStoreCannotTellAfterTheClaimTheAnswerIsA503NotAnIdThatMayNeverExist() {
        service.submit(SubmitOperationCommand.deposit(wallet, new Amount(1)));
        store.setDown(true);
        try {
            assertThatThrownBy(() -> beforeDecided(service.submit(deposit(wallet, 2, "k-" + UUID.randomUUID()))))
                    .hasCauseInstanceOf(DependencyUnavailableException.class);
            assertThat(bus.waiting()).as("the refused request stopped waiting").isEqualTo(1);
        } finally {
            store.setDown(false);
        }
    }

    @Test
    void anUnknownWalletIsRefusedBeforeAnythingIsQueued() {
        WalletId unknown = new WalletId(UUID.randomUUID());
        assertThat(service.submit(SubmitOperationCommand.deposit(unknown, new Amount(1)))).isEqualTo(new Submission.WalletNotFound(unknown));
        assertThat(queue.depth(0)).isZero();
    }
}
