package io.github.wallet.application.inprocess;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.OutcomeBus;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.domain.operation.OperationId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Outcomes handed from the worker to waiting requests in the same JVM. Every waiter has a future
 * of its own, so one that stops waiting (cancels) disturbs no other and leaves nothing behind.
 */
public final class InProcessOutcomeBus implements OutcomeBus {

    /** Each list is only changed inside the map's atomic compute calls. */
    private final ConcurrentMap<OperationId, List<CompletableFuture<Settlement>>> waiters = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Settlement> await(OperationId operationId) {
        CompletableFuture<Settlement> waiter = new CompletableFuture<>();
        waiters.compute(operationId, (id, list) -> {
            List<CompletableFuture<Settlement>> all = list == null ? new ArrayList<>(1) : list;
            all.add(waiter);
            return all;
        });
        waiter.whenComplete((settlement, failure) -> {
            if (waiter.isCancelled()) {
                forget(operationId, waiter);
            }
        });
        return waiter;
    }

    private void forget(OperationId operationId, CompletableFuture<Settlement> waiter) {
        waiters.computeIfPresent(operationId, (id, list) -> {
            list.remove(waiter);
            return list.isEmpty() ? null : list;
        });
    }


    @Override
    public void publish(List<Delivery> deliveries) {
        for (Delivery delivery : deliveries) {
            List<CompletableFuture<Settlement>> list = waiters.remove(delivery.operationId());
            if (list != null) {
                list.forEach(waiter -> waiter.complete(delivery.settlement()));
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
