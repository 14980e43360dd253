package io.github.wallet.application.service;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.in.SubmitOperationCommand;
import io.github.wallet.application.port.in.SubmitOperationUseCase;
import io.github.wallet.application.port.in.Submission;
import io.github.wallet.application.port.out.IdGenerator;
import io.github.wallet.application.port.out.IdempotencyRegistry;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.OutcomeBus;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.port.out.StoredOperation;
import io.github.wallet.application.port.out.TimeSource;
import io.github.wallet.application.port.out.WalletReads;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.RequestFingerprint;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Takes a request to move money to the queue: checks its wallets exist, deduplicates it by
 * idempotency key, and hands back a stage that completes once the worker has committed it.
 * Claims on keys are given up by the worker once the batch commits, not here.
 */
@Singleton
public final class SubmitOperationService implements SubmitOperationUseCase {

    private final OperationQueue queue;
    private final OutcomeBus outcomes;
    private final IdempotencyRegistry idempotency;
    private final WalletReads reads;
    private final KnownWallets knownWallets;
    private final InFlightOperations inFlight;
    private final StorePolling polling;
    private final TimeSource time;
    private final IdGenerator ids;

    @Inject
    public SubmitOperationService(OperationQueue queue, OutcomeBus outcomes, IdempotencyRegistry idempotency, WalletReads reads,
                                  KnownWallets knownWallets, InFlightOperations inFlight, StorePolling polling, TimeSource time,
                                  IdGenerator ids) {
        this.queue = queue;
        this.outcomes = outcomes;
        this.idempotency = idempotency;
        this.reads = reads;
        this.knownWallets = knownWallets;
        this.inFlight = inFlight;
        this.polling = polling;
        this.time = time;
        this.ids = ids;
    }

    @Override
    public Submission submit(SubmitOperationCommand command) {
        if (!knownWallets.exists(command.walletId())) {
            return new Submission.WalletNotFound(command.walletId());
        }
        if (command.targetWalletId().isPresent() && !knownWallets.exists(command.targetWalletId().get())) {
            return new Submission.WalletNotFound(command.targetWalletId().get());
        }
        Operation operation = command.toOperation(new OperationId(ids.newId()));
        QueuedOperation queued = new QueuedOperation(new OperationRecord.Pending(operation, time.now()), command.idempotencyKey(),
                RequestFingerprint.of(operation), outcomes.replyAddress());
        return command.idempotencyKey().isEmpty() ? enqueue(queued) : submitKeyed(queued, command.idempotencyKey().get());
    }

    private Submission submitKeyed(QueuedOperation queued, IdempotencyKey key) {
        OperationId candidate = queued.operation().id();
        IdempotencyRegistry.Claim claim = idempotency.claim(key, candidate, queued.fingerprint());
        if (claim instanceof IdempotencyRegistry.Claim.Held held) {
            return held.fingerprint().equals(queued.fingerprint())
                    ? joinInFlight(held.operationId(), queued, key)
                    : new Submission.IdempotencyKeyReused(key);
        }
        Optional<StoredOperation> stored;
        try {
            stored = reads.findOperationByKey(key);
        } catch (RuntimeException e) {
            release(key, candidate);
            throw e;
        }
        if (stored.isEmpty()) {
            return enqueue(queued);
        }
        release(key, candidate);
        return answerStored(stored.get(), queued.fingerprint());
    }

    /**
     * Waits with the request that holds the key: its outcome is ours. The holder may still be
     * between its claim and its enqueue; it queues under the id it claimed with, so waiting on
     * that id is enough, and if it fails to queue it fails our wait too (see {@link #enqueue}).
     */
    private Submission joinInFlight(OperationId holder, QueuedOperation mine, IdempotencyKey key) {
        // Register first, then look in the store: whichever way the race goes, we see the outcome.
        CompletableFuture<Settlement> fromBus = outcomes.await(holder).toCompletableFuture();
        Optional<StoredOperation> stored;
        try {
            stored = reads.findOperationByKey(key);
        } catch (RuntimeException e) {
            fromBus.cancel(false);
            throw e;
        }
        if (stored.isPresent()) {
            fromBus.cancel(false);
            return answerStored(stored.get(), mine.fingerprint());
        }
        Optional<OperationRecord.Pending> local = inFlight.find(holder);
        if (local.isPresent()) {
            return new Submission.Accepted(local.get(), true, fromBus);
        }
        // The holder is another instance (its outcome goes there) or has not queued yet: the store
        // tells when it is decided. Only duplicates of remote requests ever poll.
        CompletableFuture<Settlement> settled = new CompletableFuture<>();
        fromBus.whenComplete((settlement, failure) -> {
            if (failure == null) {
                settled.complete(settlement);
            } else if (!fromBus.isCancelled()) {
                settled.completeExceptionally(failure);
            }
        });
        settled.whenComplete((settlement, failure) -> fromBus.cancel(false));
        polling.pollUntilFound(() -> reads.findOperationByKey(key).map(found -> settlementOf(found, mine.fingerprint())), settled);
        OperationRecord.Pending pending = new OperationRecord.Pending(mine.operation().operation().withId(holder), mine.operation().createdAt());
        return new Submission.Accepted(pending, true, settled);
    }

    private static Settlement settlementOf(StoredOperation stored, RequestFingerprint fingerprint) {
        return stored.fingerprint().equals(fingerprint)
                ? new Settlement.Committed(stored.operation(), 0)
                : new Settlement.KeyReused(stored.idempotencyKey().orElseThrow());
    }

    private static Submission answerStored(StoredOperation stored, RequestFingerprint fingerprint) {
        return switch (settlementOf(stored, fingerprint)) {
            case Settlement.Committed committed ->
                    new Submission.Accepted(committed.operation(), true, CompletableFuture.completedFuture(committed));
            case Settlement.KeyReused reused -> new Submission.IdempotencyKeyReused(reused.key());
        };
    }

    private Submission enqueue(QueuedOperation queued) {
        OperationId id = queued.operation().id();
        CompletionStage<Settlement> settlement = outcomes.await(id);
        inFlight.add(queued.operation());
        try {
            queue.publish(queued);
        } catch (RuntimeException e) {
            // Duplicates already waiting on this id get the same failure, not a silent hang.
            outcomes.abandon(id, e);
            inFlight.remove(id);
            queued.idempotencyKey().ifPresent(key -> release(key, id));
            throw e;
        }
        settlement.whenComplete((settled, failure) -> inFlight.remove(id));
        return new Submission.Accepted(queued.operation(), false, settlement);
    }

    private void release(IdempotencyKey key, OperationId holder) {
        idempotency.release(List.of(new IdempotencyRegistry.Holder(key, holder)));
    }
}
