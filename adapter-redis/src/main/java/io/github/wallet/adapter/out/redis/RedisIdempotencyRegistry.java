package io.github.wallet.adapter.out.redis;

import io.github.wallet.application.port.out.IdempotencyRegistry;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Claims on idempotency keys shared by all instances: SET NX with a time to live, so that two
 * duplicates arriving at two instances at once still queue one operation. PostgreSQL's unique
 * key stays the truth once the operation is committed (the claim is released then).
 */
final class RedisIdempotencyRegistry implements IdempotencyRegistry {

    private static final RedisScript CLAIM = RedisScript.of("""
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
            return redis.call('GET', KEYS[1])
            """);
    private static final RedisScript RELEASE = RedisScript.of("""
            local held = redis.call('GET', KEYS[1])
            if held and string.sub(held, 1, string.len(ARGV[1])) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """);

    private final RedisCommands<String, String> redis;
    private final RedisAsyncCommands<String, String> redisAsync;
    private final RedisKeys keys;
    private final Duration claimTime;

    RedisIdempotencyRegistry(RedisCommands<String, String> redis, RedisAsyncCommands<String, String> redisAsync, RedisKeys keys,
                             Duration claimTime) {
        this.redis = redis;
        this.redisAsync = redisAsync;
        this.keys = keys;
        this.claimTime = claimTime;
    }

    @Override
    public Claim claim(IdempotencyKey key, OperationId candidate, RequestFingerprint fingerprint) {
        String held = RedisFailures.translate("idempotency claim", () -> CLAIM.run(redis, ScriptOutputType.VALUE,
                new String[]{keys.idempotency(key.value())}, candidate + "|" + fingerprint.value(), Long.toString(claimTime.toMillis())));
        if (held == null) {
            return new Claim.Granted();
        }
        int bar = held.indexOf('|');
        return new Claim.Held(new OperationId(UUID.fromString(held.substring(0, bar))), new RequestFingerprint(held.substring(bar + 1)));
    }

    /**
     * One script call per key, sent together without waiting (Lettuce pipelines them on the shared
     * connection); keys of a Redis Cluster live in different slots, so one multi-key script would
     * not do. A release that fails only leaves a claim to expire, and the store answers for the key.
     */
    @Override
    public CompletionStage<Void> release(Collection<Holder> holders) {
        List<CompletableFuture<Long>> sent = new ArrayList<>(holders.size());
        for (Holder holder : holders) {
            try {
                sent.add(RELEASE.<Long>runAsync(redisAsync, ScriptOutputType.INTEGER,
                        new String[]{keys.idempotency(holder.key().value())}, holder.operationId() + "|").toCompletableFuture());
            } catch (RedisException e) {
                sent.add(CompletableFuture.failedFuture(e));
            }
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }
}
