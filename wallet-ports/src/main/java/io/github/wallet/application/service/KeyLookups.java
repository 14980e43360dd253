package io.github.wallet.application.service;

import io.github.wallet.application.port.DependencyUnavailableException;
import io.github.wallet.application.port.out.StoredOperation;
import io.github.wallet.application.port.out.WalletReads;
import io.github.wallet.domain.operation.IdempotencyKey;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Looks idempotency keys up in the store for many concurrent requests at once: every keyed write
 * asks once, after its claim, whether its key's operation is committed already, and asked one by
 * one that is a query per write. Here the requests waiting while one look runs all go in the
 * next, so under load there is one query per round, however many writes; alone, a request pays
 * one query, as before.
 */
@Singleton
public final class KeyLookups implements AutoCloseable {

    /** The most keys one look carries. */
    static final int KEYS_PER_LOOK_MAX = 1_000;

    private record Lookup(IdempotencyKey key, CompletableFuture<Optional<StoredOperation>> answer) {
    }

    /**
     * How long an asker waits for its look. A store that answers nothing (PostgreSQL frozen, or
     * unreachable on a network that drops packets instead of refusing them: the socket does not
     * fail for minutes) must not hold requests for as long: they fail as if it were down (503).
     */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(5);

    private final WalletReads reads;
    private final Duration answerWait;
    private final LinkedBlockingQueue<Lookup> waiting = new LinkedBlockingQueue<>();
    private final Thread looker;
    private volatile boolean closed;

    @Inject
    public KeyLookups(WalletReads reads) {
        this(reads, ANSWER_WAIT);
    }

    KeyLookups(WalletReads reads, Duration answerWait) {
        this.reads = reads;
        this.answerWait = answerWait;
        this.looker = Thread.ofVirtual().name("wallet-key-lookups").start(this::run);
    }

    /**
     * The operation stored under the key, if any. Blocks the calling (virtual) thread until its
     * round's look has run.
     *
     * @throws io.github.wallet.application.port.DependencyUnavailableException when the store cannot be reached
     */
    public Optional<StoredOperation> find(IdempotencyKey key) {
        return join(findAsync(key));
    }

    /** As {@link #find}, without waiting: the answer comes with the next look, or the store counts as down after {@link #ANSWER_WAIT}. */
    public CompletableFuture<Optional<StoredOperation>> findAsync(IdempotencyKey key) {
        Lookup lookup = new Lookup(key, new CompletableFuture<>());
        if (closed) {
            answer(List.of(lookup));
            return lookup.answer();
        }
        waiting.add(lookup);
        if (closed && waiting.remove(lookup)) {
            // Closed meanwhile: the looker may have drained the queue for the last time already.
            answer(List.of(lookup));
        }
        return lookup.answer().orTimeout(answerWait.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(failure ->
                CompletableFuture.failedFuture(failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException
                        ? new DependencyUnavailableException("store", "no answer to a key's look-up within " + answerWait.toMillis() + " ms",
                                Duration.ofSeconds(1), failure)
                        : failure));
    }

    /** The answer of a {@link #findAsync}, waited for on the calling (virtual) thread; the store's failure as thrown. */
    private static Optional<StoredOperation> join(CompletableFuture<Optional<StoredOperation>> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    private void run() {
        while (!closed) {
            List<Lookup> round = new ArrayList<>();
            try {
                Lookup first = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                round.add(first);
                waiting.drainTo(round, KEYS_PER_LOOK_MAX - 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            answer(round);
        }
        List<Lookup> left = new ArrayList<>();
        waiting.drainTo(left);
        answer(left);
    }

    private void answer(List<Lookup> round) {
        // Askers that gave up (ANSWER_WAIT) need no look: after a store that answered nothing for a while,
        // the rounds go to the requests still waiting, not to the ones already answered 503.
        round.removeIf(lookup -> lookup.answer().isDone());
        if (round.isEmpty()) {
            return;
        }
        Set<IdempotencyKey> keys = new LinkedHashSet<>();
        round.forEach(lookup -> keys.add(lookup.key()));
        Map<IdempotencyKey, StoredOperation> found = new HashMap<>();
        try {
            for (StoredOperation stored : reads.findOperationsByKeys(keys)) {
                stored.idempotencyKey().ifPresent(key -> found.put(key, stored));
            }
        } catch (RuntimeException failure) {
            round.forEach(lookup -> lookup.answer().completeExceptionally(failure));
            return;
        }
        round.forEach(lookup -> lookup.answer().complete(Optional.ofNullable(found.get(lookup.key()))));
    }

    /** How many requests wait for the next look (for tests). */
    int waiting() {
        return waiting.size();
    }

    /** Answers what is waiting, then looks up each key on the caller's thread. */
    @Override
    public void close() {
        closed = true;
        looker.interrupt();
    }
}
