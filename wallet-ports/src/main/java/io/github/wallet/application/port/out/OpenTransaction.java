package io.github.wallet.application.port.out;

/**
 * A batch transaction whose work is done (locked, written) but which is not committed yet: what
 * lets the worker write the next batch while this one commits ({@link BatchStore#begin}). Its
 * locks are held until {@link #commit} or {@link #rollback}; one thread at a time uses it, and
 * exactly one of the two ends it.
 *
 * @param <T> what the work returned
 */
public interface OpenTransaction<T> {

    /** What the work returned. */
    T result();

    /**
     * Commits, and gives the connection back.
     *
     * @throws BatchStore.AlreadyStoredException as {@link BatchStore#inTransaction} (a check left to
     *         the commit); nothing was committed
     * @throws BatchStore.UnwritableException as {@link BatchStore#inTransaction}; nothing was committed
     * @throws io.github.wallet.application.port.DependencyUnavailableException when the store went away:
     *         whether it committed is unknown, so the batch runs again as a possible redelivery
     */
    void commit();

    /** Rolls back, and gives the connection back; never throws (a lost connection rolled back already). */
    void rollback();
}
