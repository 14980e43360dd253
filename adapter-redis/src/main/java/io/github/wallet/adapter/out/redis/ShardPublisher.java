package io.github.wallet.adapter.out.redis;

import io.github.wallet.application.port.out.QueuedOperation;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes one shard's operations, many per script call: a request queues its entry here and
 * waits for its own answer; while one call is out, the entries that arrive meanwhile wait, and
 * go together in the next call as soon as it is back (group commit, as PostgreSQL does with its
 * WAL flushes). Under load a call carries dozens of writes; alone, a write goes at once.
 *
 * <p>Why: a script call per write cost each write its own command, flush, event-loop wake-up and
 * Lua call, the largest part of what the Redis queue added over the in-process one (docs/BENCHMARKS.md).
 *
 * <p>Each entry is still decided alone and in order, exactly as by a call of its own: the shard
 * full, its key held (also by an entry earlier in the same call), or queued. A call that fails
 * fails every entry it carried, each as a lost answer of its own would: the client retries. A
 * request that stops waiting before its entry was sent (it timed out, and was answered 503)
 * takes the entry back: it is left out of the next call.
 */
final class ShardPublisher {

    /** Entries per call at most: a call runs as one Lua script, and Redis serves nothing else meanwhile. */
    static final int ENTRIES_PER_CALL = 128;

    /**
     * Queues each entry unless the stream is full, claiming its key first when it has one; answers
     * one word per entry: {@code queued}, {@code full}, or {@code held|<the claim's value>}. Also
     * keeps each entry readable by operation id (a hash), so every instance can answer a pending
     * operation's Location. XLEN counts only unacknowledged entries, since acknowledged ones are deleted.
     * KEYS: stream, then per entry its pending record and, if keyed, its claim.
     * ARGV: capacity, time to live (ms), the entry's field name, then per entry: keyed (1/0), claim value, the entry.
     */
    static final RedisScript PUBLISH = RedisScript.of("""
            local capacity, ttl, field = tonumber(ARGV[1]), ARGV[2], ARGV[3]
            local length = redis.call('XLEN', KEYS[1])
            local answers, k = {}, 2
            for a = 4, #ARGV, 3 do
              local record, claim = KEYS[k], nil
              k = k + 1
              if ARGV[a] == '1' then claim = KEYS[k]; k = k + 1 end
              if length >= capacity then
                answers[#answers + 1] = 'full'
              elseif claim and not redis.call('SET', claim, ARGV[a + 1], 'NX', 'PX', ttl) then
                answers[#answers + 1] = 'held|' .. redis.call('GET', claim)
              else
                redis.call('XADD', KEYS[1], '*', field, ARGV[a + 2])
                redis.call('HSET', record, field, ARGV[a + 2])
                redis.call('PEXPIRE', record, ttl)
                length = length + 1
                answers[#answers + 1] = 'queued'
              end
            end
            return answers
            """);

    /** One entry on its way: its keys and fields, and where its answer goes. */
    private record Entry(String record, String claim, String claimValue, String form, CompletableFuture<String> answer) {
    }

    private final RedisClusterAsyncCommands<String, String> redis;
    private final String stream;
    private final String capacity;
    private final String timeToLive;
    private final ConcurrentLinkedQueue<Entry> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean calling = new AtomicBoolean();

    ShardPublisher(RedisClusterAsyncCommands<String, String> redis, String stream, int capacity, long timeToLiveMillis) {
        this.redis = redis;
        this.stream = stream;
        this.capacity = Integer.toString(capacity);
        this.timeToLive = Long.toString(timeToLiveMillis);
    }

    /**
     * Queues the operation with the next call; the stage completes with its answer word, or fails
     * as the call did.
     *
     * @param record the key of its pending record
     * @param claim  the key of its idempotency claim, or null when it has no key
     */
    CompletableFuture<String> publish(QueuedOperation operation, String record, String claim) {
        Entry entry = new Entry(record, claim, operation.operation().id() + "|" + operation.fingerprint().value(),
                MessageCodec.encodeEntry(operation), new CompletableFuture<>());
        waiting.add(entry);
        callIfIdle();
        return entry.answer();
    }

    /**
     * Sends what waits unless a call is out. Whoever finds no call out sends (a request's thread, or
     * Lettuce's when the previous call comes back): an entry queued while a call was out is seen
     * by that call's return, which looks again after giving the turn up. A call answered at once
     * (Redis refused it while disconnected) is settled here and the loop goes on, rather than each
     * group's answer sending the next from inside the last: a stack of groups unanswered.
     */
    private void callIfIdle() {
        while (!waiting.isEmpty() && calling.compareAndSet(false, true)) {
            List<Entry> group = nextGroup();
            if (group.isEmpty()) {
                calling.set(false);
                continue;
            }
            CompletableFuture<List<Object>> call;
            try {
                call = send(group);
            } catch (Throwable refusedAtOnce) {
                call = CompletableFuture.failedFuture(refusedAtOnce);
            }
            if (call.isDone()) {
                settle(group, call);
                calling.set(false);
                continue;
            }
            CompletableFuture<List<Object>> out = call;
            out.whenComplete((answers, failure) -> {
                try {
                    settle(group, out);
                } finally {
                    calling.set(false);
                }
                callIfIdle();
            });
            return;
        }
    }

    /** The next entries in arrival order, leaving out those whose request stopped waiting (it was answered 503). */
    private List<Entry> nextGroup() {
        List<Entry> group = new ArrayList<>(16);
        for (Entry next; group.size() < ENTRIES_PER_CALL && (next = waiting.poll()) != null; ) {
            if (!next.answer().isDone()) {
                group.add(next);
            }
        }
        return group;
    }

    private CompletableFuture<List<Object>> send(List<Entry> group) {
        List<String> keys = new ArrayList<>(1 + 2 * group.size());
        List<String> args = new ArrayList<>(3 + 3 * group.size());
        keys.add(stream);
        args.add(capacity);
        args.add(timeToLive);
        args.add(MessageCodec.ENTRY_FIELD);
        for (Entry entry : group) {
            keys.add(entry.record());
            if (entry.claim() != null) {
                keys.add(entry.claim());
            }
            args.add(entry.claim() != null ? "1" : "0");
            args.add(entry.claimValue());
            args.add(entry.form());
        }
        return PUBLISH.<List<Object>>runAsync(redis, ScriptOutputType.MULTI, keys.toArray(String[]::new), args.toArray(String[]::new))
                .toCompletableFuture();
    }

    /** Gives each entry of a call that is done its answer, or the call's failure. */
    private static void settle(List<Entry> group, CompletableFuture<List<Object>> call) {
        List<Object> answers;
        try {
            answers = call.join();
        } catch (CompletionException | CancellationException e) {
            Throwable failure = e.getCause() != null ? e.getCause() : e;
            group.forEach(entry -> entry.answer().completeExceptionally(failure));
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            CompletableFuture<String> answer = group.get(i).answer();
            if (answers == null || i >= answers.size()) {
                answer.completeExceptionally(new RedisException("the publish script answered " + answers + " for " + group.size() + " entries"));
            } else {
                answer.complete(String.valueOf(answers.get(i)));
            }
        }
    }

    /** Fails what still waits to be sent: the requests are answered 503 at once instead of after the wait. */
    void close() {
        for (Entry left; (left = waiting.poll()) != null; ) {
            left.answer().completeExceptionally(new RedisException("shutting down"));
        }
    }
}
