package io.github.wallet.application.service;

import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Operations this instance queued that are not committed yet, so that a client polling the
 * {@code Location} of a 202 sees PENDING rather than 404 before the store has them.
 */
@Singleton
public final class InFlightOperations {

    private final ConcurrentMap<OperationId, OperationRecord.Pending> pending = new ConcurrentHashMap<>();

    public void add(OperationRecord.Pending operation) {
        pending.put(operation.id(), operation);
    }

    public void remove(OperationId operationId) {
        pending.remove(operationId);
    }

    public Optional<OperationRecord.Pending> find(OperationId operationId) {
        return Optional.ofNullable(pending.get(operationId));
    }

    public int size() {
        return pending.size();
    }
}
