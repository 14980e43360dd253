package io.github.wallet.adapter.out.postgres;

import io.github.wallet.application.port.out.OpenTransaction;
import org.jdbi.v3.core.Handle;

/**
 * A batch transaction left open on its own connection (see {@code BatchStore#begin}); the
 * connection goes back to the pool when it ends either way.
 */
final class PostgresOpenTransaction<T> implements OpenTransaction<T> {

    private final Handle handle;
    private final T result;

    PostgresOpenTransaction(Handle handle, T result) {
        this.handle = handle;
        this.result = result;
    }

    @Override
    public T result() {
        return result;
    }

    @Override
    public void commit() {
        try {
            StoreFailures.translateBatch(() -> {
                handle.commit();
                return null;
            });
        } finally {
            end(handle);
        }
    }

    @Override
    public void rollback() {
        end(handle);
    }

    /**
     * Rolls back what is still open and closes the handle, quietly: on a lost connection the
     * database rolled back already, and the pool drops the broken connection.
     */
    static void end(Handle handle) {
        try {
            if (handle.isInTransaction()) {
                handle.rollback();
            }
        } catch (RuntimeException alreadyGone) {
            // Nothing to undo: a transaction whose connection is gone is rolled back by PostgreSQL.
        }
        try {
            handle.close();
        } catch (RuntimeException alreadyGone) {
            // The connection is broken; HikariCP evicts it.
        }
    }
}
