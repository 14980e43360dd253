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
import io.github.wallet.application.port.out.TimeSource;
import io.github.wallet.application.port.out.WalletStore;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.wallet.WalletId;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Takes a request to move money to the queue: checks its wallets exist, deduplicates it by
 * idempotency key, and hands back a stage that completes once the worker has committed it.
 */
@Singleton
public final class SubmitOperationService implements SubmitOperationUseCase {

    /** A duplicate of a request held elsewhere looks in the store this often, for at most a minute. */
    private static final long STORE_POLL_INTERVAL_MILLIS = 100;
    private static final int STORE_POLLS_MAX = 600;
    private static final Executor STORE_POLLS = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("wallet-duplicate-poll-", 0).factory());

    private final OperationQueue queue;
    private final OutcomeBus outcomes;
    private final IdempotencyRegistry idempotency;
    private final WalletStore store;
    private final KnownWallets knownWallets;
    private final InFlightOperations inFlight;
    private final TimeSource time;
    private final IdGenerator ids;

    @Inject
    public SubmitOperationService(OperationQueue queue, OutcomeBus outcomes, IdempotencyRegistry idempotency, WalletStore store,
                                  KnownWallets knownWallets, InFlightOperations inFlight, TimeSource time, IdGenerator ids) {
        this.queue = queue;
        this.outcomes = outcomes;
        this.idempotency = idempotency;
        this.store = store;
        this.knownWallets = knownWallets;
        this.inFlight = inFlight;
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
        OperationRecord pending = OperationRecord.pending(toOperation(command, new OperationId(ids.newId())), time.now());
        QueuedOperation queued = new QueuedOperation(pending, command.idempotencyKey(), command.fingerprint(), outcomes.replyAddress());
        if (command.idempotencyKey().isEmpty()) {
            return enqueue(queued);
        }
        return submitKeyed(queued, command.idempotencyKey().get());
    }

    private Submission submitKeyed(QueuedOperation queued, IdempotencyKey key) {
        IdempotencyRegistry.Claim claim = idempotency.claim(key, queued.operation().id(), queued.fingerprint());
        if (claim instanceof IdempotencyRegistry.Claim.Held held) {
            return held.fingerprint().equals(queued.fingerprint())
                    ? joinInFlight(held.operationId(), queued, key)
                    : new Submission.IdempotencyKeyReused(key);
        }
        Optional<WalletStore.KeyedOperation> stored;
        try {
            stored = store.findOperationByKey(key);
        } catch (RuntimeException e) {
            idempotency.release(key, queued.operation().id());
            throw e;
        }
        if (stored.isEmpty()) {
            return enqueue(queued);
        }
        idempotency.release(key, queued.operation().id());
        if (!stored.get().fingerprint().equals(queued.fingerprint())) {
            return new Submission.IdempotencyKeyReused(key);
        }
        return replay(stored.get().operation());
    }

    /**
     * Waits with the request that holds the key: its outcome is ours. The holder may still be
     * between its claim and its enqueue; it queues under the id it claimed with, so waiting on
     * that id is enough, and if it fails to queue it fails our wait too (see {@link #enqueue}).
     * The holder may also be a replay that found the key's operation stored: the look-up by key
     * answers that case.
     */
    private Submission joinInFlight(OperationId holder, QueuedOperation mine, IdempotencyKey key) {
        // Register first, then look in the store: whichever way the race goes, we see the outcome.
        CompletableFuture<Settlement> settlement = outcomes.await(holder).toCompletableFuture();
        Optional<WalletStore.KeyedOperation> stored = store.findOperationByKey(key);
        if (stored.isPresent()) {
            // Completing the stage we registered also takes it off the bus.
            settlement.complete(new Settlement(stored.get().operation(), 0));
            return replay(stored.get().operation());
        }
        Optional<OperationRecord> local = inFlight.find(holder);
        if (local.isPresent()) {
            return new Submission.Accepted(local.get(), true, settlement);
        }
        // The holder is another instance (its outcome goes there) or has not queued yet: the
        // store tells when it is decided. Only duplicates of remote requests ever poll.
        pollStoreUntilDecided(key, settlement, STORE_POLLS_MAX);
        OperationRecord own = mine.operation();
        OperationRecord pending = new OperationRecord(holder, own.type(), own.walletId(), own.targetWalletId(), own.amount(),
                own.status(), null, null, own.createdAt(), null);
        return new Submission.Accepted(pending, true, settlement);
    }

    private void pollStoreUntilDecided(IdempotencyKey key, CompletableFuture<Settlement> settlement, int pollsLeft) {
        if (settlement.isDone() || pollsLeft == 0) {
            return;
        }
        CompletableFuture.runAsync(() -> {
            Optional<WalletStore.KeyedOperation> stored = Optional.empty();
            try {
                stored = store.findOperationByKey(key);
            } catch (RuntimeException e) {
                // The store is down for a moment: the next poll will tell.
            }
            stored.ifPresentOrElse(
                    found -> settlement.complete(new Settlement(found.operation(), 0)),
                    () -> pollStoreUntilDecided(key, settlement, pollsLeft - 1));
        }, CompletableFuture.delayedExecutor(STORE_POLL_INTERVAL_MILLIS, TimeUnit.MILLISECONDS, STORE_POLLS));
    }

    private static Submission replay(OperationRecord stored) {
        return new Submission.Accepted(stored, true, CompletableFuture.completedFuture(new Settlement(stored, 0)));
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
            queued.idempotencyKey().ifPresent(key -> idempotency.release(key, id));
            throw e;
        }
        settlement.whenComplete((settled, failure) -> {
            inFlight.remove(id);
            queued.idempotencyKey().ifPresent(key -> idempotency.release(key, id));
        });
        return new Submission.Accepted(queued.operation(), false, settlement);
    }

    private static Operation toOperation(SubmitOperationCommand command, OperationId id) {
        return switch (command.type()) {
            case DEPOSIT -> new Operation.Deposit(id, command.walletId(), command.amount());
            case WITHDRAW -> new Operation.Withdrawal(id, command.walletId(), command.amount());
            case TRANSFER -> {
                WalletId target = command.targetWalletId().orElseThrow();
                yield new Operation.Transfer(id, command.walletId(), target, command.amount());
            }
        };
    }
}
