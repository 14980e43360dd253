package io.github.wallet.bootstrap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded default: a real PostgreSQL started from a Maven artifact, its data kept in a
 * folder across restarts, so that a fresh clone runs with nothing but a JDK.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final DataFolderLock lock;

    private EmbeddedDatabase(EmbeddedPostgres postgres, DataFolderLock lock) {
        this.postgres = postgres;
        this.lock = lock;
    }

    static EmbeddedDatabase start(Path dataDir, int port) {
        DataFolderLock lock = null;
        try {
            Files.createDirectories(dataDir);
            // Ours now: a PostgreSQL still running on it was left by a server that is gone.
            lock = DataFolderLock.take(dataDir);
            LeftoverPostgres.stopIfRunning(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir.toAbsolutePath())
                    .setCleanDataDirectory(false)
                    // zonky's defaults suit throw-away test databases (fsync and synchronous_commit
                    // off); ours keeps money, so a 200 must be on disk.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres started = builder.start();
            try {
                // The folder is PostgreSQL's now (a new one has just been made): the lock inside it too.
                lock.holdInsideIfMade();
            } catch (RuntimeException e) {
                started.close();
                throw e;
            }
            return new EmbeddedDatabase(started, lock);
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir.toAbsolutePath(), (IOException) e);
        }
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
        } finally {
            lock.close();
        }
    }
}
