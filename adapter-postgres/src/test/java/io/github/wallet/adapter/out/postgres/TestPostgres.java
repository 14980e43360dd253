package io.github.wallet.adapter.out.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, empty PostgreSQL database for one test class, on the server named by
 * {@code WALLET_TEST_DB_URL} (CI points it at the local PostgreSQL), or else in a Testcontainers
 * container when Docker is there. Never skips: with neither, it fails and says what to set.
 */
public final class TestPostgres implements AutoCloseable {

    private static final String URL_VARIABLE = "WALLET_TEST_DB_URL";
    private static volatile Server container;

    private record Server(String adminUrl, String user, String password) {
    }

    private final Server server;
    private final String database;

    private TestPostgres(Server server, String database) {
        this.server = server;
        this.database = database;
    }

    /** Creates a database named after the test class and a random suffix. */
    public static TestPostgres createDatabase(Class<?> testClass) {
        Server server = server();
        String database = ("wallet_test_" + testClass.getSimpleName() + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        execute(server, "create database " + database);
        return new TestPostgres(server, database);
    }

    public PostgresSettings settings() {
        return settings(4);
    }

    public PostgresSettings settings(int poolSize) {
        return new PostgresSettings(jdbcUrl(), server.user(), server.password(), poolSize, Duration.ofSeconds(5));
    }

    public String jdbcUrl() {
        int slash = server.adminUrl().lastIndexOf('/');
        int query = server.adminUrl().indexOf('?', slash);
        String suffix = query < 0 ? "" : server.adminUrl().substring(query);
        return server.adminUrl().substring(0, slash + 1) + database + suffix;
    }

    /** Drops the database (and any connection still open to it). */
    @Override
    public void close() {
        execute(server, "drop database if exists " + database + " with (force)");
    }

    private static Server server() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return new Server(url, env("WALLET_TEST_DB_USER", "postgres"), env("WALLET_TEST_DB_PASSWORD", ""));
        }
        return containerServer();
    }

    private static synchronized Server containerServer() {
        if (container != null) {
            return container;
        }
        if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("No PostgreSQL for the tests. Set " + URL_VARIABLE
                    + "=jdbc:postgresql://127.0.0.1:5432/postgres (plus WALLET_TEST_DB_USER / WALLET_TEST_DB_PASSWORD) to use a running server,"
                    + " or start Docker so that Testcontainers can run one.");
        }
        var postgres = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:17-alpine");
        postgres.start();
        container = new Server(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
        return container;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private static void execute(Server server, String sql) {
        try (Connection connection = DriverManager.getConnection(server.adminUrl(), server.user(), server.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL for the tests at " + server.adminUrl() + " refused '" + sql + "': " + e.getMessage()
                    + ". Check " + URL_VARIABLE + " (and WALLET_TEST_DB_USER / WALLET_TEST_DB_PASSWORD).", e);
        }
    }
}
