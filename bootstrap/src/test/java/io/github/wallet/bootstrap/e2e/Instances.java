package io.github.wallet.bootstrap.e2e;

import io.github.wallet.adapter.in.http.HttpTestClient;
import io.github.wallet.adapter.out.postgres.TestPostgres;
import io.github.wallet.adapter.out.redis.TestRedis;
import io.github.wallet.bootstrap.WalletServer;
import java.util.ArrayList;
import java.util.List;

/**
 * Several servers in this JVM on one Redis and one PostgreSQL of their own (a database and a key
 * prefix for the test class), and a client for each: the production shape without a balancer.
 */
final class Instances implements AutoCloseable {

    final TestPostgres database;
    final TestRedis redis;
    final List<WalletServer> servers = new ArrayList<>();
    final List<HttpTestClient> clients = new ArrayList<>();

    Instances(Class<?> testClass, int count) {
        database = TestPostgres.createDatabase(testClass);
        redis = TestRedis.forClass(testClass);
        for (int i = 0; i < count; i++) {
            WalletServer server = ServerEnv.start(ServerEnv.on(database, redis, testClass.getSimpleName() + "-" + i));
            servers.add(server);
            clients.add(new HttpTestClient(server.port()));
        }
    }

    /** The client of instance {@code n} modulo the count, to spread requests over all of them. */
    HttpTestClient client(int n) {
        return clients.get(Math.floorMod(n, clients.size()));
    }

    @Override
    public void close() {
        servers.forEach(WalletServer::close);
        redis.close();
        database.close();
    }
}
