package io.github.wallet.bootstrap;

import io.github.wallet.adapter.out.postgres.PostgresSettings;
import io.github.wallet.adapter.out.postgres.PostgresWalletStore;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runnable jar: {@code serve} (the default) runs the server until SIGTERM/SIGINT;
 * {@code migrate} brings the schema of {@code WALLET_DB_URL} up to date and exits.
 */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        String command = args.length == 0 ? "serve" : args[0];
        Config config = Config.load();
        switch (command) {
            case "serve" -> serve(config);
            case "migrate" -> migrate(config);
            default -> {
                log.error("unknown command '{}': use serve (default) or migrate", command);
                System.exit(2);
            }
        }
    }

    private static void serve(Config config) throws InterruptedException {
        WalletServer server = WalletServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "wallet-shutdown"));
        log.info("wallet server ready on port {}", server.port());
        stopped.await();
    }

    private static void migrate(Config config) {
        String url = config.dbUrl().orElseThrow(() -> new IllegalArgumentException("migrate needs WALLET_DB_URL"));
        try (var pool = PostgresWalletStore.pool(new PostgresSettings(url, config.dbUser(), config.dbPassword(), 1, config.dbConnectTimeout()))) {
            PostgresWalletStore.migrate(pool);
        }
        log.info("schema of {} is up to date", url);
    }
}
