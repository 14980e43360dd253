package io.github.wallet.adapter.out.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How the Redis queue is reached and shared.
 *
 * @param uri            a single Redis, e.g. {@code redis://127.0.0.1:6379}, or a Redis Cluster by any of its
 *                       nodes, e.g. {@code redis-cluster://10.0.0.1:6379,10.0.0.2:6379}
 * @param keyPrefix      every key starts with it, so several deployments (or test classes) share one Redis
 * @param instanceId     this instance's name: its consumer name, lease owner and reply address
 * @param shards         streams (and consumers); every instance must agree
 * @param shardCapacity  operations waiting in one stream before publish answers "full" (503)
 * @param leaseTime      a shard's owner renews its lease every third of this; a dead owner's shards move after it
 * @param commandTimeout a Redis command that takes longer fails (503), never hangs a request
 * @param claimTime      how long an idempotency claim and a pending record last from their publish unless
 *                       acknowledged first (the acknowledgement deletes them); longer than any operation may wait
 *                       in the queue, or a retry with its key queues a second one whose id never exists
 */
public record RedisSettings(String uri, String keyPrefix, String instanceId, int shards, int shardCapacity,
                            Duration leaseTime, Duration commandTimeout, Duration claimTime) {

    public RedisSettings {
        Objects.requireNonNull(uri, "'uri' must not be null");
        Objects.requireNonNull(keyPrefix, "'keyPrefix' must not be null");
        Objects.requireNonNull(instanceId, "'instanceId' must not be null");
        if (instanceId.isBlank() || instanceId.contains("|")) {
            throw new IllegalArgumentException("'instanceId' must be non-blank and without '|', was '" + instanceId + "'");
        }
        if (shards < 1) {
            throw new IllegalArgumentException("'shards' must be >= 1, was " + shards);
        }
        if (shardCapacity < 1) {
            throw new IllegalArgumentException("'shardCapacity' must be >= 1, was " + shardCapacity);
        }
        Objects.requireNonNull(leaseTime, "'leaseTime' must not be null");
        Objects.requireNonNull(commandTimeout, "'commandTimeout' must not be null");
        Objects.requireNonNull(claimTime, "'claimTime' must not be null");
    }
}
