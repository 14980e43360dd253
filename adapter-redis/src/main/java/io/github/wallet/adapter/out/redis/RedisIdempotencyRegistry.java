package io.github.wallet.adapter.out.redis;

import io.github.wallet.application.port.out.IdempotencyRegistry;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.UUID;

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
    private final RedisKeys keys;
    private final Duration claimTime;

    RedisIdempotencyRegistry(RedisCommands<String, String> redis, RedisKeys keys, Duration claimTime) {
        this.redis = redis;
        this.keys = keys;
        this.claimTime = claimTime;
    }

    @Override
    public Claim claim(IdempotencyKey key, OperationId candidate, String fingerprint) {
        String held = RedisFailures.translate("idempotency claim", () -> CLAIM.run(redis, ScriptOutputType.VALUE,
                new String[]{keys.idempotency(key.value())}, candidate + "|" + fingerprint, Long.toString(claimTime.toMillis())));
        if (held == null) {
            return new Claim.Granted();
        }
        int bar = held.indexOf('|');
        return new Claim.Held(new OperationId(UUID.fromString(held.substring(0, bar))), held.substring(bar + 1));
    }

    @Override
    public void release(IdempotencyKey key, OperationId holder) {
        RedisFailures.translate("idempotency release", () -> RELEASE.<Long>run(redis, ScriptOutputType.INTEGER,
                new String[]{keys.idempotency(key.value())}, holder + "|"));
    }
}
