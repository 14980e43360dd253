package io.github.wallet.adapter.out.redis;

import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.OutcomeBus;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the core needs from Redis, on one client: the Streams operation queue with shard
 * leases, with the idempotency claims of queued operations, and the outcome bus. Requests share one pipelined connection;
 * each shard's blocking reads and the reply subscription have their own.
 */
public final class RedisAdapter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisAdapter.class);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> shared;
    private final ShardLeases leases;
    private final RedisStreamOperationQueue queue;
    private final RedisOutcomeBus outcomes;

    private RedisAdapter(RedisSettings settings, ClientResources resources, OutcomeBus localOutcomes) {
        RedisURI uri = RedisURI.create(settings.uri());
        uri.setTimeout(settings.commandTimeout());
        this.client = resources == null ? RedisClient.create(uri) : RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // While disconnected, fail commands at once (503) instead of queueing them in memory.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .build());
        try {
            this.shared = client.connect();
            RedisKeys keys = new RedisKeys(settings.keyPrefix());
            this.leases = new ShardLeases(client.connect().sync(), keys, settings.instanceId(), settings.shards(), settings.leaseTime());
            this.queue = new RedisStreamOperationQueue(client, shared, keys, settings, leases);
            this.outcomes = new RedisOutcomeBus(client, shared.async(), keys, settings.instanceId(), localOutcomes);
        } catch (RuntimeException e) {
            client.shutdown();
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
        log.info("queue: Redis Streams at {} ({} shards, prefix '{}', instance '{}')", settings.uri(), settings.shards(),
                settings.keyPrefix(), settings.instanceId());
        return adapter;
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

    /**
     * Drops every connection without handing anything back, as a killed process would: its
     * leases expire and its unacknowledged entries wait for the next owner. For tests of takeover.
     */
    void crash() {
        leases.stopRenewing();
        client.shutdown(Duration.ZERO, Duration.ZERO);
    }

    /** Stops consuming and hands the shards back; call after the worker has drained. */
    @Override
    public void close() {
        leases.close();
        queue.close();
        outcomes.close();
        shared.close();
        client.shutdown();
    }
}
