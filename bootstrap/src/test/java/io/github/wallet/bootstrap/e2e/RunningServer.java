package io.github.wallet.bootstrap.e2e;

import io.github.wallet.adapter.in.http.HttpTestClient;
import io.github.wallet.adapter.out.postgres.TestPostgres;
import io.github.wallet.bootstrap.WalletServer;
import java.util.Map;

/**
 * The whole server, started exactly as {@code main} starts it, on a fresh database and a free port.
 */
final class RunningServer implements AutoCloseable {

    final TestPostgres database;
    final WalletServer server;
    final HttpTestClient client;

    RunningServer(Class<?> testClass, Map<String, String> extra) {
        database = TestPostgres.createDatabase(testClass);
        Map<String, String> env = ServerEnv.on(database);
        env.putAll(extra);
        server = ServerEnv.start(env);
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
