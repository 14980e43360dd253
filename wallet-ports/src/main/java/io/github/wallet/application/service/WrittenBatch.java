package io.github.wallet.application.service;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.OpenTransaction;
import java.util.List;

/**
 * A batch planned and written in a transaction that is still open (its wallets stay locked):
 * the first half of a pipelined commit ({@link BatchCommitter#write}). Exactly one of
 * {@link #commit} and {@link #rollback} ends it.
 */
public final class WrittenBatch {

    private final OpenTransaction<BatchPlan> transaction;
    private final WalletSnapshotCache cache;

    WrittenBatch(OpenTransaction<BatchPlan> transaction, WalletSnapshotCache cache) {
        this.transaction = transaction;
        this.cache = cache;
    }

    /**
     * Commits; then (before any answer goes out) the batch's wallets go to memory as written.
     * Throws as {@link OpenTransaction#commit}: the batch then runs again through
     * {@link BatchCommitter#commit}, which handles a redelivery or a refused row.
     */
    public List<Settlement> commit() {
        transaction.commit();
        BatchPlan plan = transaction.result();
        plan.writes().wallets().forEach(cache::offer);
        return plan.settlements();
    }

    /** Undoes the writes and frees the wallets' locks. */
    public void rollback() {
        transaction.rollback();
    }
}
