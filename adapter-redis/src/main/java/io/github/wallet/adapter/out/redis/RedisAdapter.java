package io.github.wallet.adapter.out.redis;

import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.OutcomeBus;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.SetArgs;
import io.lettuce.core.resource.ClientResources;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the core needs from Redis, on one client: the Streams operation queue with shard
 * leases, with the idempotency claims of queued operations, and the outcome bus. Requests share one pipelined connection;
 * each shard's blocking reads and the reply subscription have their own. A single Redis or a Redis
 * Cluster, as the URL says (see {@link RedisConnections}).
 */
public final class RedisAdapter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisAdapter.class);
    private static final int KEYS_PER_DELETE = 500;

    private final RedisConnections connections;
    private final RedisConnections.Link shared;
    private final RedisConnections.Link leaseLink;
    private final ShardLeases leases;
    private final RedisStreamOperationQueue queue;
    private final RedisOutcomeBus outcomes;

    private RedisAdapter(RedisSettings settings, ClientResources resources, OutcomeBus localOutcomes) {
        this.connections = RedisConnections.open(settings, resources);
        try {
            this.shared = connections.connect();
            RedisKeys keys = new RedisKeys(settings.keyPrefix());
            agreeOnShardCount(shared, keys, settings.shards());
            this.leaseLink = connections.connect();
            this.leases = new ShardLeases(leaseLink.sync(), keys, settings.instanceId(), settings.shards(), settings.leaseTime());
            this.queue = new RedisStreamOperationQueue(connections, shared, keys, settings, leases);
            this.outcomes = new RedisOutcomeBus(connections, shared.async(), keys, settings.instanceId(), localOutcomes);
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
    }

    /**
     * Connects, creates the streams' consumer group and starts taking shard leases.
     *
     * @param localOutcomes where requests of this instance wait for outcomes (the in-process bus);
     *                      this adapter routes outcomes between instances into it
     * @param resources     Lettuce resources (e.g. with a command latency recorder), or null for defaults
     */
    public static RedisAdapter start(RedisSettings settings, OutcomeBus localOutcomes, ClientResources resources) {
        RedisAdapter adapter = new RedisAdapter(settings, resources, localOutcomes);
        adapter.leases.start();
        log.info("queue: Redis Streams on {} at {} ({} shards, prefix '{}', instance '{}')",
                adapter.isCluster() ? "a Redis Cluster" : "Redis", redactPassword(settings.uri()), settings.shards(),
                settings.keyPrefix(), settings.instanceId());
        return adapter;
    }

    /**
     * Deletes every key under the settings' prefix, on every master of a cluster: what a scratch
     * run (the AOT training) left behind, once its adapter is closed. Never call it on a prefix in
     * use: it deletes queued operations with the rest.
     *
     * @return how many keys were deleted
     */
    public static long deleteKeys(RedisSettings settings) {
        try (RedisConnections connections = RedisConnections.open(settings, null);
             RedisConnections.Link link = connections.connect()) {
            // SCAN (not KEYS): a shared Redis keeps answering others while we walk its keys.
            String pattern = settings.keyPrefix().replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + ":*";
            ScanIterator<String> keys = ScanIterator.scan(link.sync(), ScanArgs.Builder.matches(pattern).limit(KEYS_PER_DELETE));
            List<String> batch = new ArrayList<>();
            long deleted = 0;
            while (keys.hasNext()) {
                batch.add(keys.next());
                if (batch.size() == KEYS_PER_DELETE || !keys.hasNext()) {
                    deleted += link.sync().del(batch.toArray(String[]::new));
                    batch.clear();
                }
            }
            return deleted;
        }
    }

    /**
     * Every instance on the prefix must hash wallets into the same number of shards: with another
     * count, a wallet's operations go to another stream, where a second consumer applies them beside
     * the first (its order gone), or to one no instance reads. The first instance records its count
     * (kept for good: streams may hold entries even while no instance runs); one that differs stops.
     */
    private static void agreeOnShardCount(RedisConnections.Link link, RedisKeys keys, int shards) {
        link.sync().set(keys.shardCount(), Integer.toString(shards), SetArgs.Builder.nx());
        String agreed = link.sync().get(keys.shardCount());
        if (agreed != null && !agreed.equals(Integer.toString(shards))) {
            throw new IllegalStateException("WALLET_QUEUE_SHARDS is " + shards + " here, but the instances on this Redis under the prefix '"
                    + keys.prefix() + "' use " + agreed + ": every instance must use the same count (to change it: stop the traffic, wait"
                    + " for every shard's queue depth to be 0, stop every instance, delete the key " + keys.shardCount() + ")");
        }
    }

    /** Whether the URL named a Redis Cluster ({@code redis-cluster://}). */
    public boolean isCluster() {
        return connections.isCluster();
    }

    private static String redactPassword(String uri) {
        return uri.replaceFirst("://[^@/]*@", "://***@");
    }

    public OperationQueue queue() {
        return queue;
    }

    public OutcomeBus outcomeBus() {
        return outcomes;
    }

    /** The shards this instance consumes right now. */
    public java.util.Set<Integer> ownedShards() {
        return leases.owned();
    }

    /** Whether balancing asked this instance to give the shard up (its worker does at its next take). For tests of handover. */
    boolean askedToRelease(int shard) {
        return leases.askedToRelease(shard);
    }

    /** Marks the shard to read its pending list again at its next take, as a failed read does. For tests of reclaim. */
    void readPendingAgain(int shard) {
        leases.reclaimAfterFailure(shard);
    }

    /**
     * Drops every connection without handing anything back, as a killed process would: its
     * leases expire and its unacknowledged entries wait for the next owner. For tests of takeover.
     */
    void crash() {
        leases.stopRenewing();
        connections.shutdownNow();
    }

    /** Stops consuming and hands the shards back; call after the worker has drained. */
    @Override
    public void close() {
        // No read may still be on its way when the leases go: an entry it delivered after the next owner
        // had claimed this instance's pending ones would be stranded.
        queue.stopReadingAhead();
        leases.close();
        queue.close();
        outcomes.close();
        // Each connection closed before the client: a cluster client shutting down with one open would close
        // that connection's node connections twice (harmless, but a warning per node).
        leaseLink.close();
        shared.close();
        connections.close();
    }
}
