package io.github.wallet.bootstrap;

import io.github.wallet.adapter.out.postgres.LedgerAudit;
import io.github.wallet.adapter.out.postgres.PostgresSettings;
import io.github.wallet.adapter.out.postgres.PostgresWalletStore;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runnable jar's commands: {@code serve} (the default) runs the server until SIGTERM/SIGINT;
 * {@code migrate} brings the schema of {@code WALLET_DB_URL} up to date; {@code audit} checks the
 * books of {@code WALLET_DB_URL} and exits 1 with a report when anything does not add up;
 * {@code train} is a training run for the JVM's ahead-of-time cache ({@link AotTraining}).
 */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Optional<String> staleCache = AotCacheStamp.mismatch();
        if (staleCache.isPresent()) {
            // The JVM may be running the cache's classes, not this jar's (AotCacheStamp says why): stop now.
            log.error("the AOT cache given with -XX:AOTCache belongs to another build of the jar: {}. Record it again for this jar"
                    + " (scripts/aot-cache.sh, docs/OPERATIONS.md) or start without -XX:AOTCache", staleCache.get());
            System.exit(2);
        }
        String command = args.length == 0 ? "serve" : args[0];
        // A setting the server cannot use throws IllegalArgumentException naming its variable, before anything
        // starts: the jar's entry point (Launcher) prints it as one line and exits 2.
        Config config = Config.load();
        if (command.equals("serve")) {
            serve(WalletServer.start(config));
            return;
        }
        System.exit(run(command, config));
    }

    /** Runs a one-shot command; the exit status: 0 fine, 1 the audit found problems, 2 a usage error. */
    public static int run(String command, Config config) {
        return switch (command) {
            case "migrate" -> migrate(config);
            case "audit" -> audit(config);
            case "train" -> AotTraining.run(config);
            default -> {
                log.error("unknown command '{}': use serve (default), migrate, audit or train", command);
                yield 2;
            }
        };
    }

    private static void serve(WalletServer server) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "wallet-shutdown"));
        // How long the start took is what a restarted or new instance costs its peers: worth a line.
        log.info("wallet server ready on port {}, {} ms after the JVM started ({})", server.port(),
                ManagementFactory.getRuntimeMXBean().getUptime(),
                AotCacheStamp.cacheInUse().map(cache -> "from the AOT cache " + cache).orElse("no AOT cache"));
        stopped.await();
    }

    private static int migrate(Config config) {
        if (config.dbUrl().isEmpty()) {
            log.error("migrate needs WALLET_DB_URL");
            return 2;
        }
        try (var pool = PostgresWalletStore.pool(settings(config))) {
            PostgresWalletStore.migrate(pool);
        }
        log.info("schema of {} is up to date", config.dbUrl().get());
        return 0;
    }

    private static int audit(Config config) {
        if (config.dbUrl().isEmpty()) {
            log.error("audit needs WALLET_DB_URL");
            return 2;
        }
        LedgerAudit.Report report;
        try (var pool = PostgresWalletStore.pool(settings(config))) {
            report = LedgerAudit.run(pool, config.rules().limitsZone());
        }
        if (report.passed()) {
            log.info("audit passed: {} wallets and {} operations add up", report.wallets(), report.operations());
            return 0;
        }
        log.error("audit FAILED: {} problems in {} wallets and {} operations", report.problems().size(), report.wallets(), report.operations());
        report.problems().forEach(problem -> log.error("  {}", problem));
        return 1;
    }

    private static PostgresSettings settings(Config config) {
        return new PostgresSettings(config.dbUrl().orElseThrow(), config.dbUser(), config.dbPassword(), 2, config.dbConnectTimeout());
    }
}
