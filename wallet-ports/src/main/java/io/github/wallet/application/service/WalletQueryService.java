package io.github.wallet.application.service;

import io.github.wallet.application.port.OperationPage;
import io.github.wallet.application.port.in.GetOperationUseCase;
import io.github.wallet.application.port.in.GetWalletUseCase;
import io.github.wallet.application.port.in.ListOperationsQuery;
import io.github.wallet.application.port.in.ListOperationsUseCase;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.port.out.WalletReads;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Answers reads straight from the store (reads never go through the queue), plus the operations
 * queued (by any instance) and not yet committed, so a 202's Location never answers 404.
 * Balances come from memory where this process keeps them ({@link WalletSnapshotCache}).
 */
@Singleton
public final class WalletQueryService implements GetWalletUseCase, GetOperationUseCase, ListOperationsUseCase {

    private final WalletReads store;
    private final OperationQueue queue;
    private final WalletSnapshotCache cache;

    @Inject
    public WalletQueryService(WalletReads store, OperationQueue queue, WalletSnapshotCache cache) {
        this.store = store;
        this.queue = queue;
        this.cache = cache;
    }

    @Override
    public Optional<WalletSnapshot> getWallet(WalletId walletId) {
        Optional<WalletSnapshot> kept = cache.get(walletId);
        if (kept.isPresent()) {
            return kept;
        }
        Optional<WalletSnapshot> stored = store.findWallet(walletId);
        stored.ifPresent(cache::offer);
        return stored;
    }

    @Override
    public Optional<WalletSnapshot> getWalletFromMemory(WalletId walletId) {
        return cache.get(walletId);
    }

    @Override
    public Optional<OperationRecord> getOperation(OperationId operationId) {
        Optional<OperationRecord> stored = store.findOperation(operationId).map(OperationRecord.class::cast);
        if (stored.isPresent()) {
            return stored;
        }
        Optional<OperationRecord> pending = queue.findPending(operationId).map(QueuedOperation::operation);
        // It may have been committed between the two looks: then the store has it now.
        return pending.isPresent() ? pending : store.findOperation(operationId).map(OperationRecord.class::cast);
    }

    @Override
    public Optional<OperationPage> listOperations(ListOperationsQuery query) {
        if (getWallet(query.walletId()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(store.listOperations(query.walletId(), query.limit(), query.before()));
    }
}
