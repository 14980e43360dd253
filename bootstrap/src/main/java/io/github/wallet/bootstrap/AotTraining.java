package io.github.wallet.bootstrap;

import io.github.wallet.adapter.out.redis.RedisAdapter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code train} command: a training run for the JVM's ahead-of-time cache (JDK 25+, JEP 483,
 * 514, 515). Started as {@code java -XX:AOTCacheOutput=wallet-server.aot -jar wallet-server.jar
 * train}, it starts the whole server as configured, sends it real HTTP traffic until the JIT
 * settles (the self warm-up's load), stops it and exits; the JVM then writes every class it loaded
 * and linked, and the methods' profiles, into the cache, and {@link AotCacheStamp} notes beside it
 * which jar it belongs to. A server started with
 * {@code -XX:AOTCache=wallet-server.aot} finds them there instead of loading, parsing and linking
 * each class again, so it is ready in about half the time, which is the time an instance killed
 * under load stays away, and how long a new one takes to join.
 *
 * <p>It runs on scratch resources only (see {@link Config#forAotTraining}): an embedded PostgreSQL
 * in a temporary folder, never {@code WALLET_DB_URL}'s database, and, with the Redis queue, a
 * prefix of its own whose keys it deletes afterwards. The configured queue matters: the Redis
 * client's classes are in the cache only when the training ran through Redis.
 */
final class AotTraining {

    private static final Logger log = LoggerFactory.getLogger(AotTraining.class);

    private AotTraining() {
    }

    /** Trains; the exit status: 0 trained, 1 the training failed. */
    static int run(Config config) {
        Optional<Path> cache = AotCacheStamp.cacheBeingRecorded();
        if (cache.isEmpty()) {
            log.warn("train: this JVM was started without -XX:AOTCacheOutput, so it writes no AOT cache (nor a stamp);"
                    + " start it as java -XX:AOTCacheOutput=wallet-server.aot -jar wallet-server.jar train (JDK 25 or newer)");
        }
        // An earlier run's cache and stamp go first: should this run die before the JVM writes its
        // cache, neither may be left to vouch for the other.
        cache.ifPresent(AotCacheStamp::forget);
        Path scratchFolder;
        try {
            scratchFolder = Files.createTempDirectory("wallet-aot-training");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A folder within the scratch one: the data folder's lock file (beside it) goes with the rest.
        Path dataDir = scratchFolder.resolve("data");
        Config scratch = config.forAotTraining(dataDir, config.redisKeyPrefix() + "-aot-training-" + UUID.randomUUID().toString().substring(0, 8));
        Duration bound = config.warmup().isPositive() ? config.warmup() : Duration.ofSeconds(Config.WARMUP_SECONDS_DEFAULT);
        log.info("train: the server on scratch resources (embedded PostgreSQL in {}, {} queue{}), under load until the JIT settles, at most {} s",
                dataDir, scratch.queue().name().toLowerCase(java.util.Locale.ROOT),
                scratch.queue() == Config.QueueKind.REDIS ? " with prefix '" + scratch.redisKeyPrefix() + "'" : "", bound.toSeconds());
        long started = System.nanoTime();
        try (WalletServer server = WalletServer.start(scratch)) {
            SelfWarmup.Result result = SelfWarmup.load(server.port(), bound);
            log.info("trained: {} requests in {} ms ({})", result.requests(), Duration.ofNanos(System.nanoTime() - started).toMillis(),
                    result.jitSettled() ? "the JIT settled" : "the bound of " + bound.toSeconds() + " s was reached");
            if (result.requests() == 0) {
                return 1;
            }
            cache.ifPresent(AotCacheStamp::record);
            return 0;
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // A server that would not start (Redis unreachable, say) or a load that broke off: said in one line, exit 1.
            log.error("train: failed, no stamp written: {}", e.toString());
            return 1;
        } finally {
            cleanUp(scratch, scratchFolder);
        }
    }

    private static void cleanUp(Config scratch, Path scratchFolder) {
        if (scratch.queue() == Config.QueueKind.REDIS) {
            try {
                long deleted = RedisAdapter.deleteKeys(WalletServer.redisSettings(scratch));
                log.info("train: deleted the {} Redis keys under '{}'", deleted, scratch.redisKeyPrefix());
            } catch (RuntimeException e) {
                log.warn("train: could not delete the Redis keys under '{}': {}", scratch.redisKeyPrefix(), e.toString());
            }
        }
        try (Stream<Path> files = Files.walk(scratchFolder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("train: could not delete {}: {}", scratchFolder, e.toString());
        }
    }
}
