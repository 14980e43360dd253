package io.github.wallet.application.service;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.BatchStore;
import io.github.wallet.application.port.out.BatchTransaction;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.port.out.StoredOperation;
import io.github.wallet.domain.wallet.Wallet;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;

/**
 * Commits one batch in ONE store transaction: lock its wallets, let the {@link BatchPlanner}
 * decide, write the plan, commit.
 *
 * <p>Almost every batch is new, so the first try skips the look-up of stored operations and lets
 * the store's unique keys catch a redelivery; such a try rolls back whole and the batch runs
 * again with the look-up, whose answers the planner uses (exactly once, one round trip saved).
 */
@Singleton
public final class BatchCommitter {

    private final BatchStore store;

    @Inject
    public BatchCommitter(BatchStore store) {
        this.store = store;
    }

    /** Each operation's settlement, in batch order, once committed. */
    public List<Settlement> commit(List<QueuedOperation> batch, Instant decidedAt) {
        if (batch.isEmpty()) {
            return List.of();
        }
        try {
            return store.inTransaction(tx -> planAndWrite(tx, batch, decidedAt, false));
        } catch (BatchStore.AlreadyStoredException redelivered) {
            return store.inTransaction(tx -> planAndWrite(tx, batch, decidedAt, true));
        }
    }

    private static List<Settlement> planAndWrite(BatchTransaction tx, List<QueuedOperation> batch, Instant decidedAt, boolean lookUpStored) {
        List<Wallet> wallets = tx.lockWallets(BatchPlanner.walletsToLock(batch));
        List<StoredOperation> stored = lookUpStored
                ? tx.findStored(BatchPlanner.operationIds(batch), BatchPlanner.idempotencyKeys(batch))
                : List.of();
        BatchPlan plan = BatchPlanner.plan(batch, wallets, stored, decidedAt);
        if (!plan.writes().isEmpty()) {
            tx.write(plan.writes());
        }
        return plan.settlements();
    }
}
