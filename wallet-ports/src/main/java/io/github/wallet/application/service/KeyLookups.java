package io.github.wallet.application.service;

import io.github.wallet.application.port.out.StoredOperation;
import io.github.wallet.application.port.out.WalletReads;
import io.github.wallet.domain.operation.IdempotencyKey;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
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

    private final WalletReads reads;
    private final LinkedBlockingQueue<Lookup> waiting = new LinkedBlockingQueue<>();
    private final Thread looker;
    private volatile boolean closed;

    @Inject
    public KeyLookups(WalletReads reads) {
        this.reads = reads;
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

    /** As {@link #find}, without waiting: the answer comes with the next look. */
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
        return lookup.answer();
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
