package io.github.wallet.adapter.out.redis;

import io.github.wallet.application.port.DependencyUnavailableException;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.QueuedOperation;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The operation queue on Redis Streams: one stream per shard, one consumer group; publish is a
 * bounded XADD, take an XREADGROUP by the shard's lease holder, acknowledge an XACK + XDEL after
 * the PostgreSQL commit. A new owner first claims (XAUTOCLAIM) what the previous one had read and
 * not acknowledged, so nothing is lost and per-wallet order holds through a takeover.
 */
final class RedisStreamOperationQueue implements OperationQueue {

    /** Refuses instead of growing: XLEN counts only unacknowledged entries, since acknowledged ones are deleted. */
    private static final RedisScript PUBLISH = RedisScript.of("""
            if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then return false end
            return redis.call('XADD', KEYS[1], '*', unpack(ARGV, 2))
            """);
    private static final String ACKNOWLEDGE = """
            redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, 2))
            return redis.call('XDEL', KEYS[1], unpack(ARGV, 2))
            """;

    private final RedisClient client;
    private final RedisCommands<String, String> shared;
    private final RedisAsyncCommands<String, String> sharedAsync;
    /** Receipts whose acknowledgement failed, per shard; they go again with the shard's next one. */
    private final Map<Integer, List<String>> unacknowledged = new ConcurrentHashMap<>();
    private final RedisKeys keys;
    private final RedisSettings settings;
    private final ShardLeases leases;
    private final Map<Integer, StatefulRedisConnection<String, String>> readers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    RedisStreamOperationQueue(RedisClient client, StatefulRedisConnection<String, String> shared, RedisKeys keys, RedisSettings settings, ShardLeases leases) {
        this.client = client;
        this.shared = shared.sync();
        this.sharedAsync = shared.async();
        this.keys = keys;
        this.settings = settings;
        this.leases = leases;
        for (int shard = 0; shard < settings.shards(); shard++) {
            createGroup(shard);
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
    public void publish(QueuedOperation operation) {
        if (closed) {
            throw new DependencyUnavailableException("queue", "shutting down", RedisFailures.RETRY_AFTER);
        }
        int shard = OperationQueue.shardOf(operation.operation().walletId().value(), settings.shards());
        List<String> args = new ArrayList<>(20);
        args.add(Integer.toString(settings.shardCapacity()));
        MessageCodec.encode(operation).forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        String id = RedisFailures.translate("publish", () -> PUBLISH.run(shared, ScriptOutputType.VALUE,
                new String[]{keys.stream(shard)}, args.toArray(String[]::new)));
        if (id == null) {
            throw new DependencyUnavailableException("queue", "shard " + shard + " is full", RedisFailures.RETRY_AFTER);
        }
    }

    @Override
    public Batch take(int shard, int sizeMax, Duration wait) {
        if (leases.releaseIfAsked(shard) || !leases.owns(shard)) {
            LockSupport.parkNanos(wait.toNanos());
            return Batch.empty(shard);
        }
        RedisCommands<String, String> reader = reader(shard);
        Consumer<String> me = Consumer.from(RedisKeys.GROUP, settings.instanceId());
        List<StreamMessage<String, String>> messages;
        try {
            if (leases.needsReclaim(shard)) {
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
                messages = reader.xreadgroup(me, XReadArgs.Builder.count(sizeMax).block(wait),
                        XReadArgs.StreamOffset.lastConsumed(keys.stream(shard)));
            }
        } catch (RedisException e) {
            if (String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
                // Redis lost its data (no persistence) or the stream was deleted: start again.
                createGroup(shard);
                return Batch.empty(shard);
            }
            throw e;
        }
        if (messages == null || messages.isEmpty()) {
            return Batch.empty(shard);
        }
        List<QueuedOperation> operations = new ArrayList<>(messages.size());
        List<String> receipts = new ArrayList<>(messages.size());
        for (StreamMessage<String, String> message : messages) {
            if (message.getBody() == null || message.getBody().isEmpty()) {
                receipts.add(message.getId());
                continue;
            }
            operations.add(MessageCodec.decode(message.getBody()));
            receipts.add(message.getId());
        }
        return new Batch(shard, operations, receipts);
    }

    private RedisCommands<String, String> reader(int shard) {
        // Blocking reads get a connection of their own per shard: a blocked shared connection would stall every request.
        return readers.computeIfAbsent(shard, s -> client.connect()).sync();
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
        List<String> args = new ArrayList<>(receipts.size() + 1);
        args.add(RedisKeys.GROUP);
        args.addAll(receipts);
        String[] stream = {keys.stream(batch.shard())};
        if (leases.needsReclaim(batch.shard())) {
            RedisFailures.translate("acknowledge", () -> shared.eval(ACKNOWLEDGE, ScriptOutputType.INTEGER, stream, args.toArray(String[]::new)));
            return;
        }
        try {
            sharedAsync.<Long>eval(ACKNOWLEDGE, ScriptOutputType.INTEGER, stream, args.toArray(String[]::new))
                    .whenComplete((deleted, failure) -> {
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
    public boolean isAvailable() {
        try {
            return !closed && "PONG".equals(shared.ping());
        } catch (RedisException e) {
            return false;
        }
    }

    @Override
    public long depth(int shard) {
        try {
            return shared.xlen(keys.stream(shard));
        } catch (RedisException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        closed = true;
        readers.values().forEach(StatefulRedisConnection::close);
        readers.clear();
    }
}
