package io.github.wallet.bootstrap;

import io.github.wallet.adapter.in.http.ApiKeys;
import io.github.wallet.adapter.in.http.HttpSettings;
import io.github.wallet.adapter.in.http.WalletHttpServer;
import io.github.wallet.adapter.out.postgres.PostgresSettings;
import io.github.wallet.adapter.out.postgres.PostgresWalletStore;
import io.github.wallet.application.service.WalletCore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms the JIT before the server takes traffic ({@code WALLET_WARMUP_SECONDS}): the same server
 * (in-process queue) runs on a scratch schema of the same database, on a free loopback port, and
 * this class sends it real HTTP traffic (deposits on a hot wallet, transfers, balance reads, keyed
 * writes) until the JIT has settled or the given time is up, whichever comes first; then it is
 * closed and the schema dropped. The JIT compiles by code,
 * not by data, so the real server starts with its hot paths compiled; a new embedded data folder
 * also gets its WAL segments written. Nothing of it is left in the wallet's own tables or feed.
 *
 * <p>Any failure (no right to create a schema, say) is logged and the server starts cold.
 */
final class SelfWarmup {

    private static final Logger log = LoggerFactory.getLogger(SelfWarmup.class);
    /** Concurrent clients: enough to fill batches as real load does. */
    private static final int CLIENTS = 64;
    private static final int WALLETS = 16;
    /** The warm-up stops early once the JIT has settled ({@link JitSettling}), not before this. */
    private static final Duration SETTLING_MIN = Duration.ofSeconds(5);
    private static final Duration SETTLING_WINDOW = Duration.ofSeconds(1);
    private static final long SETTLED_COMPILE_MILLIS = 200;
    private static final int SETTLED_WINDOWS = 2;

    private SelfWarmup() {
    }

    /** Warms up for at most {@code config.warmup()}; says how many requests were answered (0 when skipped). */
    static Result run(Config config, PostgresSettings postgres) {
        long started = System.nanoTime();
        String schema = "wallet_warmup_" + UUID.randomUUID().toString().substring(0, 8);
        try {
            execute(postgres, "create schema " + schema);
        } catch (SQLException e) {
            log.warn("warm-up skipped: could not create schema {} ({}); the server starts cold", schema, e.getMessage());
            return Result.SKIPPED;
        }
        log.info("warming up before taking traffic: until the JIT settles, at most {} s (WALLET_WARMUP_SECONDS; 0 skips it)",
                config.warmup().toSeconds());
        try {
            PostgresSettings scratch = scratch(postgres, schema);
            String landsIn = currentSchema(scratch);
            if (!schema.equals(landsIn)) {
                // A pooler that drops the connection's search_path would send the warm-up's writes to the real tables.
                log.warn("warm-up skipped: its connections land in schema {}, not the scratch schema {} (a connection pooler?);"
                        + " the server starts cold", landsIn, schema);
                return Result.SKIPPED;
            }
            Result result = drive(config, scratch, config.warmup());
            log.info("warmed up: {} requests in {} ms on scratch schema {} ({})", result.requests(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), schema,
                    result.jitSettled() ? "the JIT settled" : "the bound of " + config.warmup().toSeconds() + " s was reached");
            return result;
        } catch (RuntimeException | InterruptedException | IOException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("warm-up stopped early: {}", e.toString());
            return Result.SKIPPED;
        } finally {
            try {
                execute(postgres, "drop schema if exists " + schema + " cascade");
            } catch (SQLException e) {
                log.warn("could not drop warm-up schema {}: {}", schema, e.getMessage());
            }
        }
    }

    private static PostgresSettings scratch(PostgresSettings postgres, String schema) {
        String url = postgres.jdbcUrl() + (postgres.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new PostgresSettings(url, postgres.user(), postgres.password(), postgres.poolSize(), postgres.connectTimeout());
    }

    private static Result drive(Config config, PostgresSettings scratch, Duration duration) throws InterruptedException, IOException {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (PostgresWalletStore store = PostgresWalletStore.start(scratch, null, true);
             WalletCore core = WalletServer.core(config, store, Optional.empty(), metrics).start()) {
            // Loopback only and without API keys: nobody else can reach it, and it needs none.
            HttpSettings settings = new HttpSettings("127.0.0.1", 0, config.syncWait(), HttpSettings.BODY_SIZE_MAX_DEFAULT,
                    Runtime.getRuntime().availableProcessors(), ApiKeys.none(), config.httpBodyTimeout());
            WalletHttpServer http = WalletHttpServer.start(WalletServer.api(core, metrics), settings, new HttpMetrics(metrics));
            try {
                return load(http.port(), duration);
            } finally {
                http.shutdown(Duration.ofSeconds(1));
                http.close();
            }
        }
    }

    /** CLIENTS threads send requests until the JIT has settled or the time is up. */
    static Result load(int port, Duration duration) throws InterruptedException, IOException {
        List<String> wallets = new ArrayList<>();
        try (LoopbackClient setup = new LoopbackClient(port)) {
            for (int i = 0; i < WALLETS; i++) {
                String body = setup.send("POST", "/api/v1/wallets", "{}", "");
                wallets.add(body.replaceAll("(?s).*\"walletId\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
            }
        }
        AtomicLong deadline = new AtomicLong(System.nanoTime() + duration.toNanos());
        AtomicLong answered = new AtomicLong();
        AtomicReference<IOException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < CLIENTS; t++) {
            SplittableRandom random = new SplittableRandom(t);
            threads.add(Thread.ofVirtual().name("warmup-" + t).start(() -> {
                try (LoopbackClient client = new LoopbackClient(port)) {
                    while (System.nanoTime() < deadline.get()) {
                        String hot = wallets.getFirst();
                        String other = wallets.get(1 + random.nextInt(WALLETS - 1));
                        int pick = random.nextInt(100);
                        if (pick < 40) {
                            // Answered once queued: many more passes through the HTTP path than sync writes allow.
                            client.send("POST", "/api/v1/wallet", deposit(hot), "Prefer: respond-async\r\n");
                        } else if (pick < 60) {
                            client.send("POST", "/api/v1/wallet", deposit(hot), "");
                        } else if (pick < 75) {
                            client.send("GET", "/api/v1/wallets/" + other, null, "");
                        } else if (pick < 85) {
                            client.send("POST", "/api/v1/transfers",
                                    "{\"fromWalletId\":\"" + hot + "\",\"toWalletId\":\"" + other + "\",\"amount\":1}", "");
                        } else if (pick < 95) {
                            client.send("POST", "/api/v1/wallet", deposit(other), "Idempotency-Key: " + UUID.randomUUID() + "\r\n");
                        } else {
                            client.send("POST", "/api/v1/wallet", "{\"walletId\":\"" + other + "\",\"operationType\":\"WITHDRAW\",\"amount\":1}", "");
                        }
                        answered.incrementAndGet();
                    }
                } catch (IOException e) {
                    // This client stops; the others go on. Said once, below.
                    failure.compareAndSet(null, e);
                }
            }));
        }
        JitSettling settling = new JitSettling();
        boolean settled = false;
        try {
            while (!settled && System.nanoTime() < deadline.get() && threads.stream().anyMatch(Thread::isAlive)) {
                Thread.sleep(SETTLING_WINDOW.toMillis()); // a clock for the JIT's pace, not a synchronisation: the clients stop on the deadline
                settled = settling.settled();
            }
        } finally {
            // However the watch ended (settled, the bound, an interrupt), the clients stop after their current request.
            deadline.set(System.nanoTime());
        }
        if (settled) {
            log.info("warm-up: the JIT has settled (under {} ms of compilation per second for {} s)",
                    SETTLED_COMPILE_MILLIS, SETTLED_WINDOWS * SETTLING_WINDOW.toSeconds());
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            log.warn("a warm-up client stopped early: {}", failure.get().toString());
        }
        return new Result(answered.get(), settled);
    }

    /**
     * Whether the JIT is done with the load's hot paths: the JVM's compilers spent under
     * {@link #SETTLED_COMPILE_MILLIS} per second for {@link #SETTLED_WINDOWS} windows in a row, after
     * at least {@link #SETTLING_MIN}. On 2 cores they spend 1,000-1,900 ms per second at first
     * (two compiler threads), under 300 after about 20 s, and never quite nothing: what is left
     * then is rarely run code, and more warm-up no longer makes the server faster.
     */
    private static final class JitSettling {
        private final CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
        /** A JVM that does not report its compile time never settles: it warms up for the whole bound. */
        private final boolean reported = compilation != null && compilation.isCompilationTimeMonitoringSupported();
        private final long started = System.nanoTime();
        private long lastMillis = reported ? compilation.getTotalCompilationTime() : 0;
        private int quietWindows;

        boolean settled() {
            if (!reported) {
                return false;
            }
            long now = compilation.getTotalCompilationTime();
            quietWindows = now - lastMillis < SETTLED_COMPILE_MILLIS ? quietWindows + 1 : 0;
            lastMillis = now;
            return quietWindows >= SETTLED_WINDOWS && System.nanoTime() - started >= SETTLING_MIN.toNanos();
        }
    }

    /** How a warm-up went: requests answered, and whether it ended because the JIT had settled (not the bound). */
    record Result(long requests, boolean jitSettled) {
        static final Result SKIPPED = new Result(0, false);
    }

    private static String deposit(String wallet) {
        return "{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":10}";
    }

    /**
     * One keep-alive HTTP/1.1 connection, a request at a time: far less work per request than
     * java.net.http's client, so the server, not the client, gets the machine's cores.
     */
    private static final class LoopbackClient implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        LoopbackClient(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            out = new BufferedOutputStream(socket.getOutputStream());
            in = new BufferedInputStream(socket.getInputStream());
        }

        /** Sends the request and returns the answer's body. */
        String send(String method, String path, String body, String headers) throws IOException {
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers
                    + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n") + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            int length = 0;
            for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("the warm-up server closed the connection");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String currentSchema(PostgresSettings postgres) {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             Statement statement = connection.createStatement();
             java.sql.ResultSet schema = statement.executeQuery("select current_schema()")) {
            return schema.next() ? schema.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("could not connect to the scratch schema: " + e.getMessage(), e);
        }
    }

    private static void execute(PostgresSettings postgres, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
