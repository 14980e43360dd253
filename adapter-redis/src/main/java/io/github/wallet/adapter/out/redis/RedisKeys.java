package io.github.wallet.adapter.out.redis;

/**
 * Key names. A shard's stream and lease share a hash tag, so in Redis Cluster each shard lives
 * on one node and the shards spread over the nodes.
 */
record RedisKeys(String prefix) {

    static final String GROUP = "wallet-workers";

    String stream(int shard) {
        return prefix + ":ops:{" + shard + "}";
    }

    String lease(int shard) {
        return prefix + ":lease:{" + shard + "}";
    }

    String instances() {
        return prefix + ":instances";
    }

    /** The shard count every instance on this prefix uses, set by the first. */
    String shardCount() {
        return prefix + ":shards";
    }

    String replies(String instanceId) {
        return prefix + ":replies:" + instanceId;
    }

    /** A pending operation's record: on its shard's slot, so queueing and acknowledging touch one node. */
    String pending(int shard, io.github.wallet.domain.operation.OperationId operationId) {
        return prefix + ":pending:{" + shard + "}:" + operationId;
    }

    /** An idempotency key's claim, per shard: a key's retries name the same wallet, so the same shard. */
    String claim(int shard, io.github.wallet.domain.operation.IdempotencyKey key) {
        return prefix + ":idem:{" + shard + "}:" + key.value();
    }
}
