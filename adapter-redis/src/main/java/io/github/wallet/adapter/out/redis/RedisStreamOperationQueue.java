package io.github.wallet.adapter.out.redis;

import io.github.wallet.application.port.DependencyUnavailableException;
import io.github.wallet.application.port.QueueFullException;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The operation queue on Redis Streams: one stream per shard, one consumer group; publish is a
 * bounded XADD (many writes per script call: {@link ShardPublisher}), take an XREADGROUP by the
 * shard's lease holder (sent while the batch before commits: {@link ShardReadAhead}), acknowledge
 * an XACK + XDEL after the PostgreSQL commit. A new owner first claims (XAUTOCLAIM) what the
 * previous one had read and not acknowledged, so nothing is lost and per-wallet order holds
 * through a takeover.
 */
final class RedisStreamOperationQueue implements OperationQueue {

    /**
     * Forgets a committed batch: its entries and their pending records; the claims they still hold
     * expire after the hold that follows a commit ({@link OperationQueue#COMMITTED_KEY_HOLD}).
     * KEYS: stream, pending records..., claims... ARGV: group, receipt count, pending count, hold (ms), receipts..., claim holders...
     */
    private static final RedisScript ACKNOWLEDGE = RedisScript.of("""
            local receipts, records = tonumber(ARGV[2]), tonumber(ARGV[3])
            if receipts > 0 then
              redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, 5, 4 + receipts))
              redis.call('XDEL', KEYS[1], unpack(ARGV, 5, 4 + receipts))
            end
            if records > 0 then redis.call('DEL', unpack(KEYS, 2, 1 + records)) end
            for i = 2 + records, #KEYS do
              local holder = ARGV[5 + receipts + i - 2 - records]
              local held = redis.call('GET', KEYS[i])
              if held and string.sub(held, 1, string.len(holder)) == holder then redis.call('PEXPIRE', KEYS[i], ARGV[4]) end
            end
            return receipts
            """);

    private final RedisConnections connections;
    private final RedisConnections.Link sharedLink;
    private final RedisClusterCommands<String, String> shared;
    private final RedisClusterAsyncCommands<String, String> sharedAsync;
    /** Receipts whose acknowledgement failed, per shard; they go again with the shard's next one. */
    private final Map<Integer, List<String>> unacknowledged = new ConcurrentHashMap<>();
    private final RedisKeys keys;
    private final RedisSettings settings;
    private final ShardLeases leases;
    private final Map<Integer, RedisConnections.Link> readers = new ConcurrentHashMap<>();
    /** Each shard's reads of new entries, kept going while its batch commits (on the shard's reader connection). */
    private final Map<Integer, ShardReadAhead> readAheads = new ConcurrentHashMap<>();
    /** Each shard's writes, many per script call. */
    private final ShardPublisher[] publishers;
    private volatile boolean closed;

    RedisStreamOperationQueue(RedisConnections connections, RedisConnections.Link shared, RedisKeys keys, RedisSettings settings, ShardLeases leases) {
        this.connections = connections;
        this.sharedLink = shared;
        this.shared = shared.sync();
        this.sharedAsync = shared.async();
        this.keys = keys;
        this.settings = settings;
        this.leases = leases;
        this.publishers = new ShardPublisher[settings.shards()];
        for (int shard = 0; shard < settings.shards(); shard++) {
            createGroup(shard);
            publishers[shard] = new ShardPublisher(sharedAsync, keys.stream(shard), settings.shardCapacity(), settings.claimTime().toMillis());
        }
    }

    private void createGroup(int shard) {
        try {
            shared.xgroupCreate(XReadArgs.StreamOffset.from(keys.stream(shard), "0"), RedisKeys.GROUP, XGroupCreateArgs.Builder.mkstream());
        } catch (RedisBusyException e) {
            // BUSYGROUP: another instance (or an earlier run) created it.
        }
    }

    @Override
    public int shardCount() {
        return settings.shards();
    }

    @Override
    public Publication publish(QueuedOperation operation) {
        if (closed) {
            throw new DependencyUnavailableException("queue", "shutting down", RedisFailures.RETRY_AFTER);
        }
        int shard = OperationQueue.shardOf(operation.operation().walletId().value(), settings.shards());
        CompletableFuture<String> sent = publishers[shard].publish(operation, keys.pending(shard, operation.operation().id()),
                operation.idempotencyKey().map(key -> keys.claim(shard, key)).orElse(null));
        String answer = RedisFailures.translate("publish", () -> awaitAnswer(sent));
        if (answer.equals("queued")) {
            return new Publication.Queued();
        }
        if (answer.startsWith("held|")) {
            String held = answer.substring("held|".length());
            int bar = held.indexOf('|');
            return new Publication.KeyHeld(new OperationId(UUID.fromString(held.substring(0, bar))),
                    new RequestFingerprint(held.substring(bar + 1)));
        }
        throw new QueueFullException(shard, RedisFailures.RETRY_AFTER);
    }

    /**
     * The entry's answer, waited for twice the command timeout: the call out when ours was queued,
     * then ours (behind more than a call's worth of writers, or a Redis that stalls, it may take
     * longer). A request that stops waiting takes its entry back if it was not sent yet, so a
     * 503 it gets is not followed by the write being queued after all.
     */
    private String awaitAnswer(CompletableFuture<String> sent) {
        try {
            return sent.get(2 * settings.commandTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            sent.cancel(false);
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RedisException redis ? redis : new RedisException(String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            sent.cancel(false);
            throw new RedisException("publish: no answer within " + 2 * settings.commandTimeout().toMillis() + " ms", e);
        }
    }

    /**
     * One look per shard (the id does not say which), sent together; the first that knows it answers.
     * A look that failed (on a cluster: its master is away) only matters when no other look found it.
     */
    @Override
    public Optional<QueuedOperation> findPending(OperationId operationId) {
        List<RedisFuture<Map<String, String>>> looks = new ArrayList<>(settings.shards());
        for (int shard = 0; shard < settings.shards(); shard++) {
            looks.add(sharedAsync.hgetall(keys.pending(shard, operationId)));
        }
        long deadline = System.nanoTime() + settings.commandTimeout().toNanos();
        RuntimeException failed = null;
        for (RedisFuture<Map<String, String>> look : looks) {
            try {
                Map<String, String> fields = RedisFailures.translate("find pending", () -> {
                    try {
                        return look.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new RedisException("interrupted", e);
                    } catch (ExecutionException | TimeoutException e) {
                        throw new RedisException("find pending " + operationId + ": " + e.getMessage(), e);
                    }
                });
                if (fields != null && !fields.isEmpty()) {
                    return Optional.of(MessageCodec.decode(fields));
                }
            } catch (DependencyUnavailableException e) {
                failed = failed == null ? e : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
        return Optional.empty();
    }

    @Override
    public Batch take(int shard, int sizeMax, Duration wait) {
        Consumer<String> me = Consumer.from(RedisKeys.GROUP, settings.instanceId());
        if (leases.askedToRelease(shard) || !leases.owns(shard)) {
            // Reading ahead stops first. What it read was delivered to this consumer and is applied here, before the
            // shard is given up: released with a read on its way, an entry delivered after the next owner had claimed
            // the pending ones would be applied by this instance after that owner applied later ones. A lease that
            // ran out anyway is the window a read on its way always had.
            ShardReadAhead ahead = readAheads.get(shard);
            if (ahead != null) {
                ShardReadAhead.Stopped stopped = ahead.stop();
                if (stopped.readFailed()) {
                    // Should the shard still (or again) be this instance's, its pending list is read first.
                    leases.reclaimAfterFailure(shard);
                }
                // Unless the pending list is due to be read again: it may hold older entries not handed out yet (a read
                // that failed, or one that outlived a stop below), and holds these too; applied now, these would come
                // before those. Read by this instance or by the next owner, that list gives them all, in order.
                if (!stopped.delivered().isEmpty() && !leases.needsReclaim(shard)) {
                    return batchOf(shard, stopped.delivered());
                }
                if (stopped.readInFlight()) {
                    return Batch.empty(shard);
                }
            }
            if (leases.releaseIfAsked(shard) || !leases.owns(shard)) {
                LockSupport.parkNanos(wait.toNanos());
                return Batch.empty(shard);
            }
        }
        List<StreamMessage<String, String>> messages;
        try {
            RedisConnections.Link link = reader(shard);
            RedisClusterCommands<String, String> reader = link.sync();
            if (leases.needsReclaim(shard)) {
                // The pending list read next holds whatever was read ahead: no read may be on its way meanwhile. One
                // that outlived stop()'s wait (Redis stalled) would put its entries in the read-ahead's buffer after
                // the pending list had given them: the next take looks again.
                ShardReadAhead ahead = readAheads.get(shard);
                if (ahead != null && ahead.stop().readInFlight()) {
                    return Batch.empty(shard);
                }
                ClaimedMessages<String, String> claimed = reader.xautoclaim(keys.stream(shard),
                        new XAutoClaimArgs<String>().consumer(me).minIdleTime(0).startId("0-0").count(sizeMax));
                messages = claimed.getMessages();
                if (messages.isEmpty()) {
                    // Also read what this consumer itself had pending (a restart under the same name).
                    messages = reader.xreadgroup(me, XReadArgs.Builder.count(sizeMax), XReadArgs.StreamOffset.from(keys.stream(shard), "0"));
                    if (messages.isEmpty()) {
                        leases.reclaimed(shard);
                    }
                }
            } else {
                messages = readAheads.computeIfAbsent(shard, s -> new ShardReadAhead(link.async(), me, keys.stream(s), () -> leases.owns(s)))
                        .take(sizeMax, blockWithin(wait));
            }
        } catch (RedisException e) {
            if (String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
                // Redis lost its data (no persistence) or the stream was deleted: start again.
                RedisFailures.translate("create group", () -> {
                    createGroup(shard);
                    return null;
                });
                return Batch.empty(shard);
            }
            // The answer may be lost after Redis handed entries to this consumer: read its pending list first next time.
            leases.reclaimAfterFailure(shard);
            throw new DependencyUnavailableException("queue", "take from shard " + shard + ": " + e.getMessage(), RedisFailures.RETRY_AFTER, e);
        }
        if (messages == null || messages.isEmpty()) {
            return Batch.empty(shard);
        }
        return batchOf(shard, messages);
    }

    /**
     * The worker's wait, as long as a blocking read may block: under half the command timeout, else
     * the client gives up on an idle shard's read before Redis answers it (a 100 ms timeout, the
     * least the server accepts, against a 100 ms poll), and every idle poll fails.
     */
    private Duration blockWithin(Duration wait) {
        // Whole milliseconds, at least one: BLOCK 0 would block for ever.
        Duration most = Duration.ofMillis(Math.max(1, settings.commandTimeout().toMillis() / 2));
        return wait.compareTo(most) > 0 ? most : wait;
    }

    /**
     * The entries as a batch, up to the first this build cannot read (one from a newer build during a
     * rolling upgrade, or one added by hand). That one and every later one stay delivered and
     * unacknowledged, and the shard's pending list is read again from its start at the next take:
     * so the shard stops at that entry, in order, until an instance that reads it takes the shard
     * or someone removes it (the error says which), rather than go on without it.
     */
    private Batch batchOf(int shard, List<StreamMessage<String, String>> messages) {
        List<QueuedOperation> operations = new ArrayList<>(messages.size());
        List<String> receipts = new ArrayList<>(messages.size());
        for (StreamMessage<String, String> message : messages) {
            if (message.getBody() == null || message.getBody().isEmpty()) {
                receipts.add(message.getId());
                continue;
            }
            QueuedOperation operation;
            try {
                operation = MessageCodec.decode(message.getBody());
            } catch (RuntimeException unreadable) {
                leases.reclaimAfterFailure(shard);
                if (!receipts.isEmpty()) {
                    return new Batch(shard, operations, receipts);
                }
                throw new IllegalStateException("entry " + message.getId() + " of " + keys.stream(shard) + " cannot be read by this build ("
                        + unreadable.getMessage() + "): shard " + shard + " stops there, in order, until an instance of a build that reads it"
                        + " takes the shard (finish the rolling upgrade), or the entry is removed by hand (XDEL)", unreadable);
            }
            operations.add(operation);
            receipts.add(message.getId());
        }
        return new Batch(shard, operations, receipts);
    }

    private RedisConnections.Link reader(int shard) {
        // Blocking reads get a connection of their own per shard: a blocked shared connection would stall every
        // request. On a cluster it is a cluster connection too: it follows the shard's slot to whichever master has it.
        return readers.computeIfAbsent(shard, s -> connections.connectFor(keys.stream(s)));
    }

    /**
     * Sends the XACK + XDEL without waiting for it: the batch is committed, so its outcomes can go
     * out at once instead of after one more round trip. An acknowledgement that fails is sent
     * again with the shard's next one; one lost for good (the process dies first) only means the
     * entries are delivered again after a takeover, and answered from the store. While taking a
     * shard over it waits, since the next claim would otherwise hand the same entries back.
     */
    @Override
    public void acknowledge(Batch batch) {
        List<String> receipts = new ArrayList<>(batch.receipts());
        List<String> failedBefore = unacknowledged.remove(batch.shard());
        if (failedBefore != null) {
            receipts.addAll(failedBefore);
        }
        if (receipts.isEmpty()) {
            return;
        }
        List<String> scriptKeys = new ArrayList<>(1 + 2 * batch.size());
        List<String> holders = new ArrayList<>();
        scriptKeys.add(keys.stream(batch.shard()));
        batch.operations().forEach(queued -> scriptKeys.add(keys.pending(batch.shard(), queued.operation().id())));
        for (QueuedOperation queued : batch.operations()) {
            queued.idempotencyKey().ifPresent(key -> {
                scriptKeys.add(keys.claim(batch.shard(), key));
                holders.add(queued.operation().id() + "|");
            });
        }
        List<String> args = new ArrayList<>(3 + receipts.size() + holders.size());
        args.add(RedisKeys.GROUP);
        args.add(Integer.toString(receipts.size()));
        args.add(Integer.toString(batch.size()));
        args.add(Long.toString(COMMITTED_KEY_HOLD.toMillis()));
        args.addAll(receipts);
        args.addAll(holders);
        String[] keyArray = scriptKeys.toArray(String[]::new);
        String[] argArray = args.toArray(String[]::new);
        if (leases.needsReclaim(batch.shard())) {
            RedisFailures.translate("acknowledge", () -> ACKNOWLEDGE.<Long>run(shared, ScriptOutputType.INTEGER, keyArray, argArray));
            return;
        }
        try {
            ACKNOWLEDGE.<Long>runAsync(sharedAsync, ScriptOutputType.INTEGER, keyArray, argArray)
                    .whenComplete((acknowledged, failure) -> {
                        if (failure != null) {
                            retryLater(batch.shard(), receipts);
                        }
                    });
        } catch (RedisException e) {
            retryLater(batch.shard(), receipts);
        }
    }

    private void retryLater(int shard, List<String> receipts) {
        unacknowledged.merge(shard, receipts, (earlier, more) -> {
            List<String> all = new ArrayList<>(earlier);
            all.addAll(more);
            return all;
        });
    }

    @Override
    public boolean ownsShard(int shard) {
        return leases.owns(shard);
    }

    /** Entries stay in their stream (delivered ones in this consumer's pending list) for the shard's next owner. */
    @Override
    public boolean keepsEntriesWithoutThisProcess() {
        return true;
    }

    @Override
    public boolean isAvailable() {
        return !closed && connections.answers(sharedLink);
    }

    @Override
    public long depth(int shard) {
        try {
            return shared.xlen(keys.stream(shard));
        } catch (RedisException e) {
            return -1;
        }
    }

    /**
     * Stops every shard's reading ahead and waits for the reads on their way to end, so that nothing
     * is delivered to this instance after its leases are handed back (the next owner claims what was
     * delivered before, once, when it takes the shard). Call before giving the leases up.
     */
    void stopReadingAhead() {
        readAheads.values().forEach(ShardReadAhead::halt);
        readAheads.values().forEach(ShardReadAhead::stop);
    }

    @Override
    public void close() {
        closed = true;
        for (ShardPublisher publisher : publishers) {
            publisher.close();
        }
        readers.values().forEach(RedisConnections.Link::close);
        readers.clear();
        readAheads.clear();
    }
}
