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
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;

/**
 * Takes a request to move money to the queue: checks its wallets exist, deduplicates it by
 * idempotency key, and hands back a stage that completes once the worker has committed it.
 *
 * <p>Queueing claims a keyed operation's key atomically (see {@link OperationQueue}): a duplicate
 * that finds it held waits for the holder's outcome (a retry soon after the commit finds the key
 * still held, and the answer in the store). Meanwhile the key is looked up in the store: an
 * operation committed under it long ago (its claim given up since) is the answer, and the one just
 * queued is a duplicate that the batch planner answers the same and does not apply. So one look
 * per keyed request, run while it is queued, leaves no window for a second id under one key.
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
        if (!knownWallets.exists(command.walletId())) {
            return new Submission.WalletNotFound(command.walletId());
        }
        if (command.targetWalletId().isPresent() && !knownWallets.exists(command.targetWalletId().get())) {
            return new Submission.WalletNotFound(command.targetWalletId().get());
        }
        Operation operation = command.toOperation(newId());
        return submit(operation, RequestFingerprint.of(operation), command.idempotencyKey());
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
        // A keyed write looks its key up in the store while it is being queued, not after: a key
        // committed less than COMMITTED_KEY_HOLD ago is still held (the queue says so), and one
        // committed before that is seen by a look that started less than half of it before the claim.
        long lookStartedNanos = System.nanoTime();
        Optional<CompletableFuture<Optional<StoredOperation>>> look = queued.idempotencyKey().map(keyLookups::findAsync);
        OperationQueue.Publication publication;
        try {
            publication = publishWhenThereIsRoom(queued);
        } catch (RuntimeException e) {
            settlement.cancel(false);
            throw e;
        }
        return switch (publication) {
            case OperationQueue.Publication.Queued queuedNow -> look
                    .flatMap(answer -> storedUnder(queued.idempotencyKey().orElseThrow(), answer, lookStartedNanos, settlement))
                    .filter(stored -> !stored.operation().id().equals(id))
                    .map(stored -> {
                        // The key's operation committed long before we queued (its claim was free again):
                        // answer that one; ours is a duplicate the planner will answer the same and not apply.
                        settlement.cancel(false);
                        return answerStored(stored, queued.fingerprint());
                    })
                    .orElseGet(() -> new Submission.Accepted(queued.operation(), false, settlement));
            case OperationQueue.Publication.KeyHeld held -> {
                settlement.cancel(false);
                IdempotencyKey key = queued.idempotencyKey().orElseThrow();
                if (held.fingerprint().equals(queued.fingerprint())) {
                    yield joinInFlight(held.holder(), queued, key);
                }
                // The holder may be the key's committed operation, or a different request queued after
                // it: what is stored under the key is the answer then (a replay, or 422). The look that
                // ran while we tried to queue tells: a commit it missed is still this claim's holder.
                yield storedUnder(key, look.orElseThrow(), lookStartedNanos, settlement)
                        .map(stored -> answerStored(stored, queued.fingerprint()))
                        .orElseGet(() -> new Submission.IdempotencyKeyReused(key));
            }
        };
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

    /** The look started before the claim, or a new one if the claim came too late for it to be sure. */
    private Optional<StoredOperation> storedUnder(IdempotencyKey key, CompletableFuture<Optional<StoredOperation>> look,
                                                  long lookStartedNanos, CompletableFuture<Settlement> waiting) {
        if (System.nanoTime() - lookStartedNanos > OperationQueue.COMMITTED_KEY_HOLD.toNanos() / 2) {
            return storedUnder(key, waiting);
        }
        try {
            return KeyLookups.join(look);
        } catch (RuntimeException storeDown) {
            waiting.cancel(false);
            throw storeDown;
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
