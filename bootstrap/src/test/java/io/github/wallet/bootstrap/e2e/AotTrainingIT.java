package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.wallet.adapter.in.http.HttpTestClient;
import io.github.wallet.adapter.out.postgres.TestPostgres;
import io.github.wallet.adapter.out.redis.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code train} command on the packaged jar, run as docs/OPERATIONS.md runs it: a training
 * run through the test's Redis writes an AOT cache and leaves nothing behind (no Redis key, no
 * data folder, not a table in the configured database), and a server started from the cache with
 * {@code -XX:AOTMode=on} (which makes the JVM refuse to start when it cannot use the cache) is
 * ready and commits writes; once the jar has changed, a server given the old cache refuses to
 * start. Runs after {@code package} (failsafe), since it starts the jar.
 */
class AotTrainingIT {

    private static final Path PACKAGED = Path.of(System.getProperty("user.dir"), "target", "wallet-server.jar");
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    @TempDir
    Path folder;

    @Test
    void aTrainingRunWritesACacheThatAServerStartsFromAndLeavesNothingBehind() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "an AOT cache with -XX:AOTCacheOutput needs JDK 25 or newer; this JVM is "
                + Runtime.version() + " (set JAVA_HOME to a JDK 25)");
        try (TestPostgres database = TestPostgres.createDatabase(AotTrainingIT.class);
             TestRedis redis = TestRedis.forClass(AotTrainingIT.class)) {
            Map<String, String> env = Map.of(
                    "WALLET_DB_URL", database.jdbcUrl(), "WALLET_DB_USER", database.settings().user(),
                    "WALLET_DB_PASSWORD", database.settings().password(),
                    "WALLET_REDIS_URL", redis.url(), "WALLET_REDIS_PREFIX", redis.prefix());
            // A copy of the packaged jar, so that the test can change it afterwards.
            Path jar = Files.copy(PACKAGED, folder.resolve("wallet-server.jar"));
            Path cache = folder.resolve("wallet-server.aot");
            Path trainingLog = folder.resolve("train.log");

            Process training = java(List.of("-XX:AOTCacheOutput=" + cache, "-jar", jar.toString(), "train"), env,
                    Map.of("WALLET_WARMUP_SECONDS", "5"), trainingLog);
            assertThat(training.waitFor(3, TimeUnit.MINUTES)).as("the training run ended; its log: %s", trainingLog).isTrue();
            String log = Files.readString(trainingLog);
            assertThat(training.exitValue()).as(log).isZero();
            assertThat(log).contains("trained: ").contains("queue with prefix '" + redis.prefix() + "-aot-training-");
            assertThat(Files.size(cache)).as("the AOT cache's size").isGreaterThan(10_000_000L);
            assertThat(Files.readString(folder.resolve("wallet-server.aot.jar-stamp"))).contains("jar=" + jar.toAbsolutePath());

            // Nothing left behind: the scratch data folder, the scratch prefix's keys, and the configured
            // database was never touched (not even migrated).
            Matcher folderNamed = Pattern.compile("embedded PostgreSQL in (\\S+),").matcher(log);
            assertThat(folderNamed.find()).as(log).isTrue();
            assertThat(Path.of(folderNamed.group(1))).doesNotExist();
            assertThat(keysUnder(redis.url(), redis.prefix())).isEmpty();
            assertThat(tablesIn(database)).isZero();

            int port = ServerProcess.freePort();
            Path serverLog = folder.resolve("server.log");
            Process server = java(List.of("-XX:AOTCache=" + cache, "-XX:AOTMode=on", "-Xmx256m", "-jar", jar.toString()), env,
                    Map.of("WALLET_HTTP_PORT", Integer.toString(port), "WALLET_HTTP_HOST", "127.0.0.1", "WALLET_INSTANCE_ID", "from-cache"),
                    serverLog);
            try {
                HttpTestClient client = new HttpTestClient(port);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> client.get("/health/ready").status() == 200);
                String wallet = client.createWallet();
                assertThat(client.deposit(wallet, 250).status()).isEqualTo(200);
                assertThat(client.balance(wallet)).isEqualTo(250);
            } finally {
                server.destroy();
                server.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(server.exitValue()).as("stopped by SIGTERM, gracefully; its log:%n%s", Files.readString(serverLog)).isEqualTo(143);

            // A rebuilt jar beside the old cache: the JVM (before 25.0.4) would run the cache's classes; the server refuses.
            Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 2_000));
            Path staleLog = folder.resolve("stale.log");
            Process stale = java(List.of("-XX:AOTCache=" + cache, "-jar", jar.toString()), env,
                    Map.of("WALLET_HTTP_PORT", Integer.toString(port), "WALLET_HTTP_HOST", "127.0.0.1"), staleLog);
            assertThat(stale.waitFor(60, TimeUnit.SECONDS)).as("the server with a stale cache stopped at once").isTrue();
            assertThat(stale.exitValue()).isEqualTo(2);
            assertThat(Files.readString(staleLog)).contains("belongs to another build of the jar", "Record it again");
        }
    }

    private static Process java(List<String> arguments, Map<String, String> env, Map<String, String> more, Path log) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(JAVA);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().putAll(more);
        return builder.start();
    }

    private static List<String> keysUnder(String url, String prefix) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().keys(prefix + "*");
        } finally {
            client.shutdown();
        }
    }

    private static int tablesIn(TestPostgres database) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.settings().user(), database.settings().password());
             ResultSet count = connection.createStatement().executeQuery(
                     "select count(*) from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')")) {
            count.next();
            return count.getInt(1);
        }
    }
}
