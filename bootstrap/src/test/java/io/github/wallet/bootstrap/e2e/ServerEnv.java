package io.github.wallet.bootstrap.e2e;

import io.github.wallet.adapter.out.postgres.TestPostgres;
import io.github.wallet.adapter.out.redis.TestRedis;
import io.github.wallet.bootstrap.Config;
import io.github.wallet.bootstrap.WalletServer;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The environment of a server under test, in parts: its database, its Redis and instance name;
 * and a server started from them exactly as {@code main} starts one.
 */
public final class ServerEnv {

    private ServerEnv() {
    }

    /** The test's database, and any free port on loopback. */
    public static Map<String, String> on(TestPostgres database) {
        Map<String, String> env = new HashMap<>();
        env.put("WALLET_DB_URL", database.jdbcUrl());
        env.put("WALLET_DB_USER", database.settings().user());
        env.put("WALLET_DB_PASSWORD", database.settings().password());
        env.put("WALLET_HTTP_PORT", "0");
        env.put("WALLET_HTTP_HOST", "127.0.0.1");
        return env;
    }

    /** The same, queueing on the test's Redis as the named instance, with a short lease so takeovers are quick. */
    static Map<String, String> on(TestPostgres database, TestRedis redis, String instanceId) {
        Map<String, String> env = on(database);
        env.put("WALLET_REDIS_URL", redis.url());
        env.put("WALLET_REDIS_PREFIX", redis.prefix());
        env.put("WALLET_INSTANCE_ID", instanceId);
        env.put("WALLET_LEASE_MS", "1000");
        return env;
    }

    static WalletServer start(Map<String, String> env) {
        return WalletServer.start(Config.from(env, new Properties()));
    }
}
