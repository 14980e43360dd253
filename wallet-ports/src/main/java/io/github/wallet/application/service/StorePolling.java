package io.github.wallet.application.service;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Looks in the store again and again until an answer appears, on a small bounded pool of its own.
 * Only duplicates of a request held by another instance poll (its outcome goes to that instance);
 * everything else is told by the outcome bus.
 */
@Singleton
public final class StorePolling implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofMillis(100);
    static final int POLLS_MAX = 600;
    private static final int THREADS = 2;

    private final ScheduledThreadPoolExecutor pool;

    public StorePolling() {
        pool = new ScheduledThreadPoolExecutor(THREADS, Thread.ofPlatform().name("wallet-store-poll-", 0).daemon(true).factory());
        pool.setRemoveOnCancelPolicy(true);
    }

    /**
     * Completes {@code target} with the first answer {@code look} gives, looking every
     * {@link #INTERVAL} for at most {@link #POLLS_MAX} times, and never after {@code target} is
     * done (completed elsewhere, or cancelled). A failing look (the store down) counts as no answer.
     */
    public <T> void pollUntilFound(Supplier<Optional<T>> look, CompletableFuture<T> target) {
        schedule(look, target, POLLS_MAX);
    }

    private <T> void schedule(Supplier<Optional<T>> look, CompletableFuture<T> target, int pollsLeft) {
        if (target.isDone() || pollsLeft == 0 || pool.isShutdown()) {
            return;
        }
        pool.schedule(() -> {
            if (target.isDone()) {
                return;
            }
            Optional<T> found;
            try {
                found = look.get();
            } catch (RuntimeException e) {
                found = Optional.empty();
            }
            found.ifPresentOrElse(target::complete, () -> schedule(look, target, pollsLeft - 1));
        }, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
