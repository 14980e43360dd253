package io.github.wallet.application.testing;

import io.github.wallet.application.port.HoldPage;
import io.github.wallet.application.port.OperationPage;
import io.github.wallet.application.port.out.StoredEntry;
import io.github.wallet.application.port.out.StoredOperation;
import io.github.wallet.application.port.out.WalletReads;
import io.github.wallet.domain.operation.Hold;
import io.github.wallet.domain.operation.HoldStatus;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/** A real store's reads, passed through: a test overrides the one read it holds back or counts. */
public class DelegatingWalletReads implements WalletReads {

    private final WalletReads store;

    public DelegatingWalletReads(WalletReads store) {
        this.store = store;
    }

    @Override
    public Optional<WalletSnapshot> findWallet(WalletId walletId) {
        return store.findWallet(walletId);
    }

    @Override
    public Optional<OperationRecord.Decided> findOperation(OperationId operationId) {
        return store.findOperation(operationId);
    }

    @Override
    public List<StoredOperation> findOperationsByKeys(Collection<IdempotencyKey> keys) {
        return store.findOperationsByKeys(keys);
    }

    @Override
    public OperationPage listOperations(WalletId walletId, int limit, OptionalLong before) {
        return store.listOperations(walletId, limit, before);
    }

    @Override
    public Optional<Hold> findHold(OperationId holdId) {
        return store.findHold(holdId);
    }

    @Override
    public HoldPage listHolds(WalletId walletId, Optional<HoldStatus> status, int limit, Optional<OperationId> before) {
        return store.listHolds(walletId, status, limit, before);
    }

    @Override
    public List<Hold> findDueHolds(Instant now, Optional<Hold> after, int limit) {
        return store.findDueHolds(now, after, limit);
    }

    @Override
    public Optional<WalletSnapshot> readChain(WalletId walletId, Consumer<StoredEntry> consumer) {
        return store.readChain(walletId, consumer);
    }

    @Override
    public boolean isAvailable() {
        return store.isAvailable();
    }
}
