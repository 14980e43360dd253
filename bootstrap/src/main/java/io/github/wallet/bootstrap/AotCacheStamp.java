package io.github.wallet.bootstrap;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/**
 * Which build of the jar an AOT cache was recorded from, kept beside the cache in
 * {@code <cache>.jar-stamp} (the jar's path, size and modification time), and the check that a
 * server started with {@code -XX:AOTCache} runs the jar its cache belongs to.
 *
 * <p>The check is ours because the JVM's is missing: JDK 25 up to 25.0.3 maps an AOT cache whose
 * jar has changed since without a word, and then runs the classes recorded in the cache, not
 * the jar's (JDK-8377932, fixed in 25.0.4). A rebuilt jar with the old cache beside it would run
 * the old build. By the time this check runs those classes are loaded, so it cannot fall back to
 * the jar's: the server refuses to start and says what to do. (The classes checking are the
 * recorded build's own, which writes and reads the same stamp.)
 */
final class AotCacheStamp {

    private static final String SUFFIX = ".jar-stamp";
    private static final String CACHE_OPTION = "-XX:AOTCache=";
    private static final String OUTPUT_OPTION = "-XX:AOTCacheOutput=";

    private AotCacheStamp() {
    }

    /** The cache this JVM was started to write ({@code -XX:AOTCacheOutput}), if any. */
    static Optional<Path> cacheBeingRecorded() {
        return option(OUTPUT_OPTION);
    }

    /** The cache this JVM was started with ({@code -XX:AOTCache}), if any. */
    static Optional<Path> cacheInUse() {
        return option(CACHE_OPTION);
    }

    /** Writes the running jar's stamp beside the cache. */
    static void record(Path cache) {
        Properties stamp = stampOf(runningJar());
        try (Writer out = Files.newBufferedWriter(stampFile(cache))) {
            stamp.store(out, "the jar this AOT cache was recorded from; a server started with the cache checks it runs the same");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the cache and its stamp, if any (the JVM writes the new cache as it exits). */
    static void forget(Path cache) {
        try {
            Files.deleteIfExists(cache);
            Files.deleteIfExists(stampFile(cache));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Why the cache this JVM was started with ({@code -XX:AOTCache}) does not belong to the running
     * jar, or empty when it does or no cache is used. A cache without a stamp (recorded by hand, not
     * by {@code train}) is taken on trust, with a warning.
     */
    static Optional<String> mismatch() {
        return cacheInUse().flatMap(AotCacheStamp::mismatch);
    }

    static Optional<String> mismatch(Path cache) {
        Path stampFile = stampFile(cache);
        if (!Files.isRegularFile(stampFile)) {
            LoggerFactory.getLogger(AotCacheStamp.class).warn("the AOT cache {} has no stamp ({}): nothing says it belongs to this jar;"
                    + " on JDK 25 before 25.0.4 a cache of another build runs that build's classes (JDK-8377932)", cache, stampFile.getFileName());
            return Optional.empty();
        }
        Properties recorded = new Properties();
        try (Reader in = Files.newBufferedReader(stampFile)) {
            recorded.load(in);
        } catch (IOException e) {
            return Optional.of("its stamp " + stampFile + " cannot be read (" + e.getMessage() + ")");
        }
        Properties running = stampOf(runningJar());
        if (running.equals(recorded)) {
            return Optional.empty();
        }
        return Optional.of("it was recorded from " + describe(recorded) + ", and this is " + describe(running));
    }

    private static String describe(Properties stamp) {
        return stamp.getProperty("jar") + " (" + stamp.getProperty("size") + " bytes, modified at " + stamp.getProperty("modified") + " ms)";
    }

    private static Properties stampOf(Path jar) {
        Properties stamp = new Properties();
        try {
            stamp.setProperty("jar", jar.toAbsolutePath().normalize().toString());
            stamp.setProperty("size", Long.toString(Files.size(jar)));
            stamp.setProperty("modified", Long.toString(Files.getLastModifiedTime(jar).toMillis()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stamp;
    }

    static Path stampFile(Path cache) {
        return cache.resolveSibling(cache.getFileName() + SUFFIX);
    }

    /** The jar (or, in tests, the classes folder) this class was loaded from. */
    private static Path runningJar() {
        try {
            return Path.of(AotCacheStamp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Path> option(String prefix) {
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return arguments.stream().filter(argument -> argument.startsWith(prefix))
                .reduce((first, last) -> last) // as the JVM does, the last one given wins
                .map(argument -> Path.of(argument.substring(prefix.length())));
    }
}
