package io.github.wallet.application.service;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.OutcomeBus;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.domain.operation.OperationId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Outcomes handed from the worker to waiting requests in the same JVM: one future per operation,
 * shared by the original request and any duplicate that joins it.
 */
public final class InProcessOutcomeBus implements OutcomeBus {

    private final ConcurrentMap<OperationId, CompletableFuture<Settlement>> waiters = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Settlement> await(OperationId operationId) {
        CompletableFuture<Settlement> future = waiters.computeIfAbsent(operationId, id -> new CompletableFuture<>());
        // Whoever completes it (the worker, or a duplicate that found the outcome stored), it leaves the map.
        future.whenComplete((settlement, failure) -> waiters.remove(operationId, future));
        return future;
    }

    @Override
    public void abandon(OperationId operationId, Throwable reason) {
        CompletableFuture<Settlement> future = waiters.remove(operationId);
        if (future != null) {
            future.completeExceptionally(reason);
        }
    }

    @Override
    public void publish(List<Delivery> deliveries) {
        for (Delivery delivery : deliveries) {
            CompletableFuture<Settlement> future = waiters.remove(delivery.operationId());
            if (future != null) {
                future.complete(delivery.settlement());
            }
        }
    }

    @Override
    public String replyAddress() {
        return QueuedOperation.LOCAL;
    }

    /** How many operations are awaited right now. */
    public int waiting() {
        return waiters.size();
    }
}
