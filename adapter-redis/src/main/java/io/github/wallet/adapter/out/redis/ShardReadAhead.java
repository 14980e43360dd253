package io.github.wallet.adapter.out.redis;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * One shard's reads of new entries, kept going while the shard's worker commits its batch: what
 * arrives meanwhile is read then, so the next batch is at hand the moment the commit is done,
 * instead of one more round trip to Redis later (measured: a read took about half a millisecond
 * of a two-millisecond batch cycle on the hot wallet).
 *
 * <p>At most one read is in flight (an XREADGROUP that blocks until an entry comes, on the
 * shard's own connection); when it returns, the next is sent at once, until a batch's worth is
 * read. Whatever Redis delivered is this consumer's pending entries, so nothing is lost whichever
 * way a read ends: entries read are handed to the worker in stream order; when the worker stops
 * reading ahead to read its pending list again ({@link #stop}), the reads in flight finish first,
 * and that list holds everything they delivered.
 */
final class ShardReadAhead {

    private final RedisClusterAsyncCommands<String, String> reader;
    private final Consumer<String> consumer;
    private final XReadArgs.StreamOffset<String> newEntries;
    private final BooleanSupplier owned;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Read and not yet handed to the worker, in stream order. Guarded by {@link #lock}. */
    private final ArrayDeque<StreamMessage<String, String>> read = new ArrayDeque<>();
    private boolean inFlight;
    private boolean reading;
    private RuntimeException failure;
    private int sizeMax;
    private Duration block = Duration.ZERO;

    ShardReadAhead(RedisClusterAsyncCommands<String, String> reader, Consumer<String> consumer, String stream, BooleanSupplier owned) {
        this.reader = reader;
        this.consumer = consumer;
        this.newEntries = XReadArgs.StreamOffset.lastConsumed(stream);
        this.owned = owned;
    }

    /**
     * Up to {@code sizeMax} entries in stream order: those read while the worker was busy, else the
     * next to come within {@code wait}; then reads ahead again.
     *
     * @throws RedisException when a read failed (Redis may have delivered entries it never answered
     *                        with: they wait in this consumer's pending list)
     */
    List<StreamMessage<String, String>> take(int sizeMax, Duration wait) {
        lock.lock();
        try {
            this.sizeMax = sizeMax;
            this.block = wait;
            reading = true;
            // A read still on its way at the deadline stays on its way: what it brings is the next take's.
            long deadline = System.nanoTime() + wait.toNanos();
            readMoreIfRoom();
            awaitWhile(() -> read.isEmpty() && failure == null && inFlight, deadline);
            if (failure != null) {
                RuntimeException failed = failure;
                failure = null;
                reading = false;
                throw failed;
            }
            List<StreamMessage<String, String>> batch = new ArrayList<>(Math.min(sizeMax, read.size()));
            while (batch.size() < sizeMax && !read.isEmpty()) {
                batch.add(read.poll());
            }
            readMoreIfRoom();
            return batch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops reading ahead, waits (up to the read's block and a second) for the read in flight to end,
     * and hands out what was read and not handed out yet, in stream order. Redis delivered it to
     * this consumer, so it must be applied by it (its pending list holds it too): the caller
     * applies it, or, about to read that pending list again, drops it. A read that failed meanwhile
     * may have been delivered without its answer: the caller must read the pending list again.
     */
    Stopped stop() {
        lock.lock();
        try {
            reading = false;
            awaitWhile(() -> inFlight, System.nanoTime() + block.toNanos() + TimeUnit.SECONDS.toNanos(1));
            return handOut();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return handOut();
        } finally {
            lock.unlock();
        }
    }

    /** Waits while {@code condition} holds (a read completing signals), until the deadline ({@link System#nanoTime()}). Holds the lock. */
    private void awaitWhile(BooleanSupplier condition, long deadlineNanos) throws InterruptedException {
        while (condition.getAsBoolean()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            changed.awaitNanos(left);
        }
    }

    /** Sends no further read; the one on its way, if any, goes on. */
    void halt() {
        lock.lock();
        try {
            reading = false;
        } finally {
            lock.unlock();
        }
    }

    /** What {@link #stop} leaves: entries read and not handed out, whether a read failed, whether one is still on its way. */
    record Stopped(List<StreamMessage<String, String>> delivered, boolean readFailed, boolean readInFlight) {
    }

    /** Holds the lock. */
    private Stopped handOut() {
        Stopped stopped = new Stopped(new ArrayList<>(read), failure != null, inFlight);
        read.clear();
        failure = null;
        return stopped;
    }

    /** Sends the next read unless one is on its way, a batch's worth is read, or reading ahead stopped. Holds the lock. */
    private void readMoreIfRoom() {
        if (inFlight || !reading || failure != null || read.size() >= sizeMax || !owned.getAsBoolean()) {
            return;
        }
        inFlight = true;
        RedisFuture<List<StreamMessage<String, String>>> sent;
        try {
            sent = reader.xreadgroup(consumer, XReadArgs.Builder.count(sizeMax - read.size()).block(block), newEntries);
        } catch (RuntimeException refused) {
            // Not sent at all (a closed connection may refuse at once): the worker's take sees the failure.
            inFlight = false;
            failure = asRedisFailure(refused);
            changed.signalAll();
            return;
        }
        sent.whenComplete((messages, failed) -> {
            lock.lock();
            try {
                inFlight = false;
                if (failed != null) {
                    failure = asRedisFailure(failed);
                } else if (messages != null) {
                    read.addAll(messages);
                }
                readMoreIfRoom();
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        });
    }

    private static RedisException asRedisFailure(Throwable failed) {
        return failed instanceof RedisException redis ? redis : new RedisException(String.valueOf(failed.getMessage()), failed);
    }
}
