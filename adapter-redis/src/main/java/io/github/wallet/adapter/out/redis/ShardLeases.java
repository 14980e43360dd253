package io.github.wallet.adapter.out.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which shards this instance consumes: exactly one owner per shard across all instances, by a
 * lease in Redis that its owner renews. An instance that dies stops renewing, so its shards move
 * to the others within the lease time; when instances come and go, each aims at its fair share.
 *
 * <p>A shard is only given up between batches (the worker asks, see {@link #releaseIfAsked}),
 * so a handover never splits a batch.
 */
final class ShardLeases implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShardLeases.class);

    private static final String RENEW = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
    private static final String RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;
    private final String instanceId;
    private final int shards;
    private final Duration leaseTime;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private final Set<Integer> toReclaim = ConcurrentHashMap.newKeySet();
    private final Set<Integer> toRelease = ConcurrentHashMap.newKeySet();
    /** Per owned shard, when its lease runs out unless renewed ({@link System#nanoTime()}). */
    private final Map<Integer, Long> validUntil = new ConcurrentHashMap<>();
    /** The last count of live instances read; kept while the instance list is unreachable. */
    private volatile long liveInstances = 1;
    private final ScheduledExecutorService ticker;

    ShardLeases(RedisClusterCommands<String, String> redis, RedisKeys keys, String instanceId, int shards, Duration leaseTime) {
        this.redis = redis;
        this.keys = keys;
        this.instanceId = instanceId;
        this.shards = shards;
        this.leaseTime = leaseTime;
        this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("wallet-leases").daemon(true).factory());
    }

    void start() {
        tick();
        long period = Math.max(50, leaseTime.toMillis() / 3);
        ticker.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /** Whether this instance holds the shard's lease, as far as it knows: taken or renewed less than a lease time ago. */
    boolean owns(int shard) {
        Long until = validUntil.get(shard);
        return until != null && System.nanoTime() - until < 0 && owned.contains(shard);
    }

    /** True once after the shard was taken over: its previous owner's pending entries must be claimed first. */
    boolean needsReclaim(int shard) {
        return toReclaim.contains(shard);
    }

    void reclaimed(int shard) {
        toReclaim.remove(shard);
    }

    /**
     * A read of the shard failed: Redis may have handed entries to this consumer whose answer never
     * came back. They wait in its pending list, so it reads that list first again.
     */
    void reclaimAfterFailure(int shard) {
        if (owned.contains(shard)) {
            toReclaim.add(shard);
        }
    }

    /** Whether balancing asked this instance to give the shard up (it does at {@link #releaseIfAsked}). */
    boolean askedToRelease(int shard) {
        return toRelease.contains(shard);
    }

    /** Called by the shard's worker between batches: gives the shard up if balancing asked for it. */
    boolean releaseIfAsked(int shard) {
        if (!toRelease.remove(shard)) {
            return false;
        }
        drop(shard);
        try {
            redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[]{keys.lease(shard)}, instanceId);
            log.info("released shard {} to balance the load", shard);
        } catch (RedisException e) {
            log.warn("could not release shard {}; it moves when its lease expires: {}", shard, e.getMessage());
        }
        return true;
    }

    Set<Integer> owned() {
        return Set.copyOf(owned);
    }

    private void tick() {
        try {
            round();
        } catch (RuntimeException e) {
            log.error("lease round failed unexpectedly", e);
        }
    }

    /**
     * One round: say this instance is alive, renew its leases, give up a surplus, take a fair share.
     * Each step stands alone: on a Redis Cluster one master may be away while the others answer, and
     * a lease this instance can no longer renew stops counting as its own when it would expire.
     */
    private void round() {
        List<String> failures = new ArrayList<>();
        try {
            long now = System.currentTimeMillis();
            redis.zadd(keys.instances(), now + leaseTime.toMillis(), instanceId);
            redis.zremrangebyscore(keys.instances(), io.lettuce.core.Range.create(Double.NEGATIVE_INFINITY, (double) now));
            liveInstances = Math.max(1, redis.zcard(keys.instances()));
        } catch (RedisException e) {
            failures.add("instance list: " + e.getMessage());
        }
        long live = liveInstances;
        int fairShare = (int) ((shards + live - 1) / live);

        for (Integer shard : owned) {
            long sent = System.nanoTime();
            try {
                Long renewed = redis.eval(RENEW, ScriptOutputType.INTEGER, new String[]{keys.lease(shard)}, instanceId, Long.toString(leaseTime.toMillis()));
                if (renewed == null || renewed == 0) {
                    drop(shard);
                    log.warn("lost the lease of shard {}", shard);
                } else {
                    validUntil.put(shard, sent + leaseTime.toNanos());
                }
            } catch (RedisException e) {
                failures.add("shard " + shard + ": " + e.getMessage());
                if (!owns(shard)) {
                    // Not renewed in time: another instance may hold it by now.
                    drop(shard);
                    log.warn("lost the lease of shard {}: could not renew it in time", shard);
                }
            }
        }
        int surplus = owned.size() - toRelease.size() - fairShare;
        for (Integer shard : owned) {
            if (surplus <= 0) {
                break;
            }
            if (toRelease.add(shard)) {
                surplus--;
            }
        }
        int offset = Math.floorMod(instanceId.hashCode(), shards);
        for (int i = 0; i < shards && owned.size() < fairShare; i++) {
            int shard = (offset + i) % shards;
            if (owned.contains(shard)) {
                continue;
            }
            long sent = System.nanoTime();
            try {
                String ok = redis.set(keys.lease(shard), instanceId, SetArgs.Builder.nx().px(leaseTime.toMillis()));
                if ("OK".equals(ok)) {
                    validUntil.put(shard, sent + leaseTime.toNanos());
                    toReclaim.add(shard);
                    owned.add(shard);
                    log.info("took shard {} ({} live instances, fair share {})", shard, live, fairShare);
                }
            } catch (RedisException e) {
                failures.add("shard " + shard + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            // Redis (or one cluster master) is away: leases we cannot renew expire and move, which is the point.
            log.warn("lease round: {} step(s) failed, first: {}", failures.size(), failures.getFirst());
        }
    }

    private void drop(int shard) {
        owned.remove(shard);
        toRelease.remove(shard);
        validUntil.remove(shard);
    }

    void stopRenewing() {
        ticker.shutdownNow();
    }

    /** Hands every shard back at once (after the worker has drained), so others take over without waiting. */
    @Override
    public void close() {
        ticker.shutdownNow();
        for (Integer shard : owned) {
            try {
                redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[]{keys.lease(shard)}, instanceId);
            } catch (RedisException e) {
                log.warn("could not release shard {} at shutdown: {}", shard, e.getMessage());
            }
        }
        owned.clear();
        validUntil.clear();
        try {
            redis.zrem(keys.instances(), instanceId);
        } catch (RedisException e) {
            log.warn("could not leave the instance list: {}", e.getMessage());
        }
    }
}
