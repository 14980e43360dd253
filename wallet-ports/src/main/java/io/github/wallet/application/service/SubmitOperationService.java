package io.github.wallet.application.service;

import io.github.wallet.application.port.QueueFullException;
import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.in.Submission;
import io.github.wallet.application.port.in.SubmitOperationCommand;
import io.github.wallet.application.port.in.SubmitOperationUseCase;
import io.github.wallet.application.port.out.IdGenerator;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.OutcomeBus;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.port.out.StoredOperation;
import io.github.wallet.application.port.out.TimeSource;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.github.wallet.domain.wallet.WalletId;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;

/**
 * Takes a request to move money to the queue: checks its wallets exist, deduplicates it by
 * idempotency key, and hands back a stage that completes once the worker has committed it.
 *
 * <p>Queueing claims a keyed operation's key atomically (see {@link OperationQueue}): a duplicate
 * that finds it held waits for the holder's outcome (a retry soon after the commit finds the key
 * still held, and the answer in the store). A key whose claim is free may still belong to an
 * operation committed long ago (its claim given up since): the one just queued is then a duplicate
 * that the batch planner answers with that operation and does not apply (the store's unique key
 * refuses it). So a sync write needs no look in the store; what is answered before the decision
 * (a 202) is looked up first ({@link Submission.Accepted#beforeDecided()}), which leaves no window
 * for a second id under one key.
 */
@Singleton
public final class SubmitOperationService implements SubmitOperationUseCase {

    /** The first pause of a write waiting for room in a full shard; each next pause doubles, up to the last. */
    private static final long FIRST_ROOM_PAUSE_NANOS = Duration.ofMillis(1).toNanos();
    private static final long LAST_ROOM_PAUSE_NANOS = Duration.ofMillis(25).toNanos();

    private final OperationQueue queue;
    private final OutcomeBus outcomes;
    private final KeyLookups keyLookups;
    private final KnownWallets knownWallets;
    private final StorePolling polling;
    private final TimeSource time;
    private final IdGenerator ids;
    /** How long a write waits for room in a full shard before it is answered 503. */
    private final Duration roomWait;

    /** With the default wait for room ({@link WalletDefaults#QUEUE_ROOM_WAIT}). */
    @Inject
    public SubmitOperationService(OperationQueue queue, OutcomeBus outcomes, KeyLookups keyLookups, KnownWallets knownWallets,
                                  StorePolling polling, TimeSource time, IdGenerator ids) {
        this(queue, outcomes, keyLookups, knownWallets, polling, time, ids, WalletDefaults.QUEUE_ROOM_WAIT);
    }

    public SubmitOperationService(OperationQueue queue, OutcomeBus outcomes, KeyLookups keyLookups, KnownWallets knownWallets,
                                  StorePolling polling, TimeSource time, IdGenerator ids, Duration roomWait) {
        this.roomWait = roomWait;
        this.queue = queue;
        this.outcomes = outcomes;
        this.keyLookups = keyLookups;
        this.knownWallets = knownWallets;
        this.polling = polling;
        this.time = time;
        this.ids = ids;
    }

    @Override
    public Submission submit(SubmitOperationCommand command) {
        Operation operation = command.toOperation(newId());
        return submitIfWalletsExist(operation, RequestFingerprint.of(operation), command.idempotencyKey());
    }

    /** Queues the operation (see {@link #submit(Operation, RequestFingerprint, Optional)}) once each of its wallets is known to exist. */
    Submission submitIfWalletsExist(Operation operation, RequestFingerprint fingerprint, Optional<IdempotencyKey> key) {
        for (WalletId walletId : operation.walletIds()) {
            if (!knownWallets.exists(walletId)) {
                return refused(new Submission.WalletNotFound(walletId), key, Optional.of(fingerprint));
            }
        }
        return submit(operation, fingerprint, key);
    }

    /**
     * A request refused before it is queued (a wallet or hold that does not exist, a refused
     * hold): {@code refusal}, unless its key is stored already, which then answers as on any retry
     * (CONTRACT.md §3 looks at the key first): the replay when {@code fingerprint} is the stored
     * request's, else 422; without a fingerprint (the request cannot be the stored one) 422. Costs a
     * look-up only on these paths, and only with a key.
     */
    Submission refused(Submission refusal, Optional<IdempotencyKey> key, Optional<RequestFingerprint> fingerprint) {
        return key.flatMap(keyLookups::find)
                .map(stored -> fingerprint.isPresent() ? answerStored(stored, fingerprint.get())
                        : (Submission) new Submission.IdempotencyKeyReused(stored.idempotencyKey().orElseThrow()))
                .orElse(refusal);
    }

    /** A new operation id, time-ordered. */
    OperationId newId() {
        return new OperationId(ids.newId());
    }

    /**
     * Queues an operation another use case built (a hold's step, a change of rules), with the
     * same idempotency as a deposit; the caller has checked that its wallets exist.
     */
    Submission submit(Operation operation, RequestFingerprint fingerprint, Optional<IdempotencyKey> key) {
        QueuedOperation queued = new QueuedOperation(new OperationRecord.Pending(operation, time.now()), key,
                fingerprint, outcomes.replyAddress());
        return enqueue(queued);
    }

    private Submission enqueue(QueuedOperation queued) {
        OperationId id = queued.operation().id();
        // Register before queueing: the outcome may come back before publish returns.
        CompletableFuture<Settlement> settlement = outcomes.await(id).toCompletableFuture();
        OperationQueue.Publication publication;
        try {
            publication = publishWhenThereIsRoom(queued);
        } catch (RuntimeException e) {
            settlement.cancel(false);
            throw e;
        }
        return switch (publication) {
            case OperationQueue.Publication.Queued queuedNow -> queued.idempotencyKey().isEmpty()
                    ? new Submission.Accepted(queued.operation(), false, settlement)
                    : new Submission.Accepted(queued.operation(), false, settlement,
                            ours -> confirm(ours, queued.idempotencyKey().get(), queued.fingerprint(), settlement));
            case OperationQueue.Publication.KeyHeld held -> {
                settlement.cancel(false);
                IdempotencyKey key = queued.idempotencyKey().orElseThrow();
                if (held.fingerprint().equals(queued.fingerprint())) {
                    yield joinInFlight(held.holder(), queued, key);
                }
                // The holder may be the key's committed operation, or a different request queued after
                // it: what is stored under the key is the answer then (a replay, or 422). Looked up after
                // the claim failed: a commit it misses is still this claim's holder.
                yield storedUnder(key, settlement)
                        .map(stored -> answerStored(stored, queued.fingerprint()))
                        .orElseGet(() -> new Submission.IdempotencyKeyReused(key));
            }
        };
    }

    /**
     * What a keyed write queued as new may answer before it is decided: itself, unless the store
     * holds an operation under its key already, committed so long before that its claim was given
     * up; that one is the answer then, and ours a duplicate the planner answers the same and does
     * not apply. Looked up after the claim, so nothing is missed: a key committed less than
     * {@link OperationQueue#COMMITTED_KEY_HOLD} before it is still claimed (the queue answers
     * {@code KeyHeld}), and one committed earlier is in the store by then.
     *
     * <p>Only what is answered before the decision needs this (an async write's 202, a sync write
     * whose wait ran out): a sync write decided within its wait is answered by the planner. So most
     * keyed writes cost no look-up in the store at all.
     */
    private CompletionStage<Submission> confirm(Submission.Accepted ours, IdempotencyKey key, RequestFingerprint fingerprint,
                                                CompletableFuture<Settlement> settlement) {
        return keyLookups.findAsync(key).handle((stored, failure) -> {
            if (failure != null) {
                // The store cannot tell, so the request cannot be answered truthfully (ours may be a duplicate
                // whose id will never exist): it fails (503); a retry with the key finds the answer.
                settlement.cancel(false);
                throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
            }
            return stored.filter(found -> !found.operation().id().equals(ours.operation().id()))
                    .map(found -> {
                        settlement.cancel(false);
                        return answerStored(found, fingerprint);
                    })
                    .orElse(ours);
        });
    }

    /**
     * Publishes, waiting up to {@link #roomWait} while the operation's shard is full: under more
     * writes than the store commits, writers are slowed to its pace (backpressure) instead of
     * answered 503 the moment the queue's capacity is reached. A full shard queued nothing and
     * claimed no key, so publishing again is safe. Runs on a request's own (virtual) thread.
     */
    private OperationQueue.Publication publishWhenThereIsRoom(QueuedOperation queued) {
        long deadline = System.nanoTime() + roomWait.toNanos();
        long pause = FIRST_ROOM_PAUSE_NANOS;
        while (true) {
            try {
                return queue.publish(queued);
            } catch (QueueFullException full) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || Thread.currentThread().isInterrupted()) {
                    throw full;
                }
                LockSupport.parkNanos(Math.min(pause, left));
                pause = Math.min(2 * pause, LAST_ROOM_PAUSE_NANOS);
            }
        }
    }

    /**
     * The operation committed under the key. When the store cannot tell, the request cannot be
     * answered truthfully (ours may be a duplicate whose id will never exist): it fails (503) and
     * stops waiting; a retry with the key finds the answer, and what was queued does no harm.
     */
    private Optional<StoredOperation> storedUnder(IdempotencyKey key, CompletableFuture<Settlement> waiting) {
        try {
            return keyLookups.find(key);
        } catch (RuntimeException storeDown) {
            waiting.cancel(false);
            throw storeDown;
        }
    }

    /**
     * Waits with the request that holds the key: its outcome is ours. When the holder was queued
     * by this instance the outcome bus brings it; from another instance (its outcome goes there)
     * the store tells, polled on a small bounded pool.
     */
    private Submission joinInFlight(OperationId holder, QueuedOperation mine, IdempotencyKey key) {
        // Register first, then look: whichever way the race with the commit goes, we see the outcome.
        CompletableFuture<Settlement> fromBus = outcomes.await(holder).toCompletableFuture();
        Optional<StoredOperation> stored;
        Optional<QueuedOperation> pending;
        try {
            stored = keyLookups.find(key);
            pending = stored.isPresent() ? Optional.empty() : queue.findPending(holder);
        } catch (RuntimeException e) {
            fromBus.cancel(false);
            throw e;
        }
        if (stored.isPresent()) {
            fromBus.cancel(false);
            return answerStored(stored.get(), mine.fingerprint());
        }
        OperationRecord.Pending holderRecord = pending.map(QueuedOperation::operation).orElseGet(() ->
                new OperationRecord.Pending(mine.operation().operation().withId(holder), mine.operation().createdAt()));
        if (pending.filter(p -> p.replyTo().equals(outcomes.replyAddress())).isPresent()) {
            return new Submission.Accepted(holderRecord, true, fromBus);
        }
        CompletableFuture<Settlement> settled = new CompletableFuture<>();
        fromBus.whenComplete((settlement, failure) -> {
            if (failure == null) {
                settled.complete(settlement);
            }
        });
        settled.whenComplete((settlement, failure) -> fromBus.cancel(false));
        polling.pollUntilFound(() -> keyLookups.find(key).map(found -> settlementOf(found, mine.fingerprint())), settled);
        return new Submission.Accepted(holderRecord, true, settled);
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
}
