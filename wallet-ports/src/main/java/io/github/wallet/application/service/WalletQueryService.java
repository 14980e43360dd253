package io.github.wallet.application.service;

import io.github.wallet.application.port.OperationPage;
import io.github.wallet.application.port.in.GetOperationUseCase;
import io.github.wallet.application.port.in.GetWalletUseCase;
import io.github.wallet.application.port.in.ListOperationsQuery;
import io.github.wallet.application.port.in.ListOperationsUseCase;
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
 * this instance has queued but not yet committed.
 */
@Singleton
public final class WalletQueryService implements GetWalletUseCase, GetOperationUseCase, ListOperationsUseCase {

    private final WalletReads store;
    private final InFlightOperations inFlight;

    @Inject
    public WalletQueryService(WalletReads store, InFlightOperations inFlight) {
        this.store = store;
        this.inFlight = inFlight;
    }

    @Override
    public Optional<WalletSnapshot> getWallet(WalletId walletId) {
        return store.findWallet(walletId);
    }

    @Override
    public Optional<OperationRecord> getOperation(OperationId operationId) {
        Optional<OperationRecord> stored = store.findOperation(operationId).map(OperationRecord.class::cast);
        if (stored.isPresent()) {
            return stored;
        }
        Optional<OperationRecord> pending = inFlight.find(operationId).map(OperationRecord.class::cast);
        // It may have been committed between the two looks: then the store has it now.
        return pending.isPresent() ? pending : store.findOperation(operationId).map(OperationRecord.class::cast);
    }

    @Override
    public Optional<OperationPage> listOperations(ListOperationsQuery query) {
        if (store.findWallet(query.walletId()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(store.listOperations(query.walletId(), query.limit(), query.before()));
    }
}
