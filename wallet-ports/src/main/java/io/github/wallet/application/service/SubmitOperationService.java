package io.github.wallet.application.service;

import io.github.wallet.application.port.DependencyUnavailableException;
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
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Takes a request to move money to the queue: checks its wallets exist, deduplicates it by
 * idempotency key, and hands back a stage that completes once the worker has committed it.
 */
@Singleton
public final class SubmitOperationService implements SubmitOperationUseCase {

    /** A duplicate can race with the release of its original's claim; a few fresh looks settle it. */
    private static final int CLAIM_ATTEMPTS_MAX = 3;

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
        QueuedOperation queued = new QueuedOperation(pending, command.idempotencyKey(), command.fingerprint());
        if (command.idempotencyKey().isEmpty()) {
            return enqueue(queued);
        }
        return submitKeyed(queued, command.idempotencyKey().get());
    }

    private Submission submitKeyed(QueuedOperation queued, IdempotencyKey key) {
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS_MAX; attempt++) {
            IdempotencyRegistry.Claim claim = idempotency.claim(key, queued.operation().id(), queued.fingerprint());
            if (claim instanceof IdempotencyRegistry.Claim.Held held) {
                if (!held.fingerprint().equals(queued.fingerprint())) {
                    return new Submission.IdempotencyKeyReused(key);
                }
                Optional<Submission> joined = joinInFlight(held.operationId());
                if (joined.isPresent()) {
                    return joined.get();
                }
                continue;
            }
            Optional<WalletStore.KeyedOperation> stored;
            try {
                stored = store.findOperationByKey(key);
            } catch (RuntimeException e) {
                idempotency.release(key);
                throw e;
            }
            if (stored.isEmpty()) {
                return enqueue(queued);
            }
            idempotency.release(key);
            if (!stored.get().fingerprint().equals(queued.fingerprint())) {
                return new Submission.IdempotencyKeyReused(key);
            }
            return replay(stored.get().operation());
        }
        throw new DependencyUnavailableException("idempotency registry", "key " + key + " is changing hands, retry", Duration.ofSeconds(1));
    }

    /** Waits with the request that holds the key; empty when that one is gone without a trace (never queued). */
    private Optional<Submission> joinInFlight(OperationId original) {
        // Register first, then look in the store: whichever way the race goes, we see the outcome.
        CompletableFuture<Settlement> settlement = outcomes.await(original).toCompletableFuture();
        Optional<OperationRecord> stored = store.findOperation(original);
        if (stored.isPresent()) {
            settlement.complete(new Settlement(stored.get(), 0));
            return Optional.of(new Submission.Accepted(stored.get(), true, settlement));
        }
        Optional<OperationRecord> pending = inFlight.find(original);
        if (pending.isPresent()) {
            return Optional.of(new Submission.Accepted(pending.get(), true, settlement));
        }
        outcomes.forget(original);
        return Optional.empty();
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
            outcomes.forget(id);
            inFlight.remove(id);
            queued.idempotencyKey().ifPresent(idempotency::release);
            throw e;
        }
        settlement.whenComplete((settled, failure) -> {
            inFlight.remove(id);
            queued.idempotencyKey().ifPresent(idempotency::release);
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
