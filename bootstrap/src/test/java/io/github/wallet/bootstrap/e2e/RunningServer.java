package io.github.wallet.bootstrap.e2e;

import io.github.wallet.adapter.in.http.HttpTestClient;
import io.github.wallet.adapter.out.postgres.TestPostgres;
import io.github.wallet.bootstrap.Config;
import io.github.wallet.bootstrap.WalletServer;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The whole server, started exactly as {@code main} starts it, on a fresh database and a free port.
 */
final class RunningServer implements AutoCloseable {

    final TestPostgres database;
    final WalletServer server;
    final HttpTestClient client;

    RunningServer(Class<?> testClass, Map<String, String> extra) {
        database = TestPostgres.createDatabase(testClass);
        Map<String, String> env = new HashMap<>();
        env.put("WALLET_DB_URL", database.jdbcUrl());
        env.put("WALLET_DB_USER", database.settings().user());
        env.put("WALLET_DB_PASSWORD", database.settings().password());
        env.put("WALLET_HTTP_PORT", "0");
        env.put("WALLET_HTTP_HOST", "127.0.0.1");
        env.putAll(extra);
        server = WalletServer.start(Config.from(env, new Properties()));
        client = new HttpTestClient(server.port());
    }

    RunningServer(Class<?> testClass) {
        this(testClass, Map.of());
    }

    @Override
    public void close() {
        server.close();
        database.close();
    }
}
