package io.github.wallet.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One server per embedded data folder. It holds an exclusive lock on a file for as long as it
 * runs; the kernel lets go of it when the process ends, however it ends (SIGKILL too), so a
 * PostgreSQL found running on a folder whose lock this server took is a leftover of a server that
 * is gone, never a live one's.
 *
 * <p>Two lock files: {@code wallet-server.lock} inside the folder once PostgreSQL has made it its
 * own (it ignores files it does not know; before, initdb wants the folder empty), which every
 * server sharing the folder sees, a Docker volume included; and, where the folder's parent can be
 * written, {@code <folder>.lock} beside it, which covers a new folder until PostgreSQL has made it.
 *
 * <p>Locks on a file belong to the whole process (POSIX), and closing any channel on the file
 * drops them: this process never opens a second channel on a file it holds ({@link #HELD}).
 */
final class DataFolderLock implements AutoCloseable {

    /** Lock files this process holds. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
    static final String INSIDE = "wallet-server.lock";

    private final Path folder;
    private final List<Held> held = new ArrayList<>();
    private boolean closed;

    private record Held(Path file, FileChannel channel, FileLock lock) {
    }

    private DataFolderLock(Path folder) {
        this.folder = folder;
    }

    /** Takes the folder, before its PostgreSQL starts; refuses when another server holds it. */
    static DataFolderLock take(Path dataDir) {
        Path folder = dataDir.toAbsolutePath().normalize();
        DataFolderLock lock = new DataFolderLock(folder);
        try {
            if (folder.getParent() != null && Files.isWritable(folder.getParent())) {
                lock.hold(folder.resolveSibling(folder.getFileName() + ".lock"));
            }
            lock.holdInsideIfMade();
            return lock;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Once PostgreSQL has made the folder its own: the lock inside it, which every server on the folder sees. */
    void holdInsideIfMade() {
        Path inside = real(folder.resolve(INSIDE));
        if (Files.exists(folder.resolve("PG_VERSION")) && held.stream().noneMatch(h -> h.file().equals(inside))) {
            hold(inside);
        }
    }

    private void hold(Path named) {
        // The real path: the same file reached through a link is the same lock, and must not get a second channel.
        Path file = real(named);
        if (!HELD.add(file)) {
            throw otherServer(file);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw otherServer(file);
            }
            held.add(new Held(file, channel, lock));
        } catch (IOException | RuntimeException e) {
            HELD.remove(file);
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Nothing was locked through it.
                }
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException("could not lock " + file, (IOException) e);
        }
    }

    private static Path real(Path file) {
        try {
            return file.getParent().toRealPath().resolve(file.getFileName());
        } catch (IOException e) {
            return file;
        }
    }

    private IllegalStateException otherServer(Path file) {
        return new IllegalStateException("another wallet server is running on " + folder + " (it holds " + file
                + "): stop it, or give this one a folder of its own (WALLET_EMBEDDED_DATA_DIR)");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Held h : held) {
            try (FileChannel channel = h.channel()) {
                h.lock().release();
            } catch (IOException e) {
                // The channel is closed either way, and the lock with it.
            } finally {
                HELD.remove(h.file());
            }
        }
        held.clear();
    }
}
