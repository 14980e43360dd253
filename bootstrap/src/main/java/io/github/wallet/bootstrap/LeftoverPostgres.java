package io.github.wallet.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL runs as a process of its own, stopped by the server's shutdown hook. A
 * server killed the hard way (SIGKILL, the kernel's OOM killer) never runs it, and its PostgreSQL
 * goes on running on the data folder, whose lock file then keeps the next one from starting.
 * Before the embedded database starts, such a leftover is stopped (its clients died with the
 * server); its data is then the next start's, as after any restart.
 *
 * <p>Called once this server holds the folder ({@link DataFolderLock}), so no live server owns
 * what runs there. Only a live {@code postgres} process whose lock file names this very folder,
 * started when the lock file says, is stopped; a stale lock file (its process gone, or its pid
 * reused by another process) is left to PostgreSQL, which clears it itself.
 */
final class LeftoverPostgres {

    private static final Logger LOG = LoggerFactory.getLogger(LeftoverPostgres.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(50);
    /** The lock file keeps whole seconds; the process's start is read from elsewhere. */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(5);

    private LeftoverPostgres() {
    }

    static void stopIfRunning(Path dataDir) {
        Path folder = dataDir.toAbsolutePath().normalize();
        Optional<ProcessHandle> leftover = leftover(folder);
        if (leftover.isEmpty()) {
            return;
        }
        ProcessHandle postmaster = leftover.get();
        LOG.warn("a PostgreSQL (pid {}) is still running on {}, left by a server that did not stop cleanly: stopping it", postmaster.pid(), folder);
        stop(postmaster, folder);
    }

    private static Optional<ProcessHandle> leftover(Path folder) {
        Path lockFile = folder.resolve("postmaster.pid");
        if (!Files.isRegularFile(lockFile)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(lockFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + lockFile, e);
        }
        if (lines.size() < 2 || !lines.getFirst().trim().matches("\\d{1,10}")) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(lines.getFirst().trim())).filter(ProcessHandle::isAlive);
        boolean sameFolder = Path.of(lines.get(1).trim()).toAbsolutePath().normalize().equals(folder);
        Optional<Instant> recordedStart = lines.size() > 2 && lines.get(2).trim().matches("\\d{1,12}")
                ? Optional.of(Instant.ofEpochSecond(Long.parseLong(lines.get(2).trim()))) : Optional.empty();
        return process.filter(p -> sameFolder && isPostgres(p) && startedThen(p, recordedStart));
    }

    /** Whether the process started when the lock file says (its pid not reused since), where both are known. */
    private static boolean startedThen(ProcessHandle process, Optional<Instant> recordedStart) {
        Optional<Instant> started = process.info().startInstant();
        if (started.isEmpty() || recordedStart.isEmpty()) {
            return true;
        }
        return Duration.between(recordedStart.get(), started.get()).abs().compareTo(START_TOLERANCE) <= 0;
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(command -> Path.of(command).getFileName().toString())
                .filter(name -> name.equals("postgres") || name.equals("postgres.exe")).isPresent();
    }

    /**
     * SIGTERM, PostgreSQL's smart shutdown (its clients died with the server, so it goes at once),
     * then waits for its lock file to go, which it removes last. (Not {@code pg_ctl}, which refuses
     * to run as root, where the embedded server may run; nor the process's own exit: its parent is
     * gone, and where nothing reaps orphans, as in many containers, it would stay a zombie.)
     */
    private static void stop(ProcessHandle postmaster, Path folder) {
        Path lockFile = folder.resolve("postmaster.pid");
        if (!postmaster.destroy()) {
            throw cannotStop(postmaster, folder, "it cannot be signalled from here");
        }
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        while (Files.exists(lockFile)) {
            if (System.nanoTime() - deadline > 0) {
                throw cannotStop(postmaster, folder, "still running " + STOP_WAIT.toSeconds() + " s after SIGTERM: a client still connected?");
            }
            LockSupport.parkNanos(POLL.toNanos());
            if (Thread.currentThread().isInterrupted()) {
                throw cannotStop(postmaster, folder, "interrupted");
            }
        }
        LOG.info("the leftover PostgreSQL on {} has stopped", folder);
    }

    private static IllegalStateException cannotStop(ProcessHandle postmaster, Path folder, String why) {
        return new IllegalStateException("a PostgreSQL (pid " + postmaster.pid() + ") is still running on " + folder + " and could not be stopped ("
                + why + "); stop it (pg_ctl -D " + folder + " stop -m fast, or kill " + postmaster.pid() + ") and start again");
    }
}
