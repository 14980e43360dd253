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

    String replies(String instanceId) {
        return prefix + ":replies:" + instanceId;
    }

    String idempotency(String key) {
        return prefix + ":idem:" + key;
    }
}
