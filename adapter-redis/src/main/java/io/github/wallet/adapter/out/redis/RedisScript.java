package io.github.wallet.adapter.out.redis;

import io.github.wallet.application.port.BlockingCallGuard;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script run by its SHA-1 digest (EVALSHA), so a request sends a few dozen bytes instead of
 * the script; when Redis does not know it yet (a restart, a failover, SCRIPT FLUSH) it is sent
 * once with EVAL, which also caches it for the next calls. On a cluster each master has its own
 * cache: the command goes to the master of its first key's slot, and the fallback with it.
 */
record RedisScript(String source, String digest) {

    static RedisScript of(String source) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new RedisScript(source, HexFormat.of().formatHex(sha1));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    <T> T run(RedisClusterCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        BlockingCallGuard.check("redis script");
        try {
            return redis.evalsha(digest, type, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.eval(source, type, keys, args);
        }
    }

    /** As {@link #run}, without waiting: for callers on threads that must never block. */
    <T> CompletionStage<T> runAsync(RedisClusterAsyncCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        CompletionStage<T> bySha = redis.evalsha(digest, type, keys, args);
        return bySha.handle((value, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(value);
            }
            Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
            if (cause instanceof RedisNoScriptException) {
                return redis.<T>eval(source, type, keys, args);
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(stage -> stage);
    }
}
