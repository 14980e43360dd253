package io.github.wallet.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One server per embedded data folder: it holds an exclusive lock on a file beside the folder
 * ({@code wallet-data.lock} for {@code wallet-data}) for as long as it runs. The kernel lets go of
 * it when the process ends, however it ends (SIGKILL too), so a PostgreSQL found running on a
 * folder whose lock this server took is a leftover of a server that is gone, never a live one's.
 * (Beside the folder, not in it: initdb wants the folder empty.)
 */
final class DataFolderLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataFolderLock take(Path dataDir) {
        Path folder = dataDir.toAbsolutePath().normalize();
        Path file = folder.resolveSibling(folder.getFileName() + ".lock");
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException inThisProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another wallet server is running on " + folder + " (it holds " + file
                        + "): stop it, or give this one a folder of its own (WALLET_EMBEDDED_DATA_DIR)");
            }
            return new DataFolderLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("could not lock " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not release the data folder's lock", e);
        }
    }
}
