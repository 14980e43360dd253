package io.github.wallet.application.port.out;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.domain.operation.OperationId;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Carries settled operations from the worker that committed them to whoever waits for them.
 */
public interface OutcomeBus {

    /**
     * Registers interest in an operation; completes when it is published. Register before
     * queueing. Each call gets a stage of its own: cancel it (through
     * {@code toCompletableFuture().cancel(false)}) to stop waiting, and the bus forgets it.
     */
    CompletionStage<Settlement> await(OperationId operationId);


    /** Hands settled operations to their waiters, wherever they are. */
    void publish(List<Delivery> deliveries);

    /** Where outcomes of requests taken by this instance are to be sent. */
    String replyAddress();

    /**
     * A settled operation for the instance waiting for it. {@code operationId} is the queued
     * operation's id, which waiters know it by; a committed settlement may be another operation's,
     * when the queued one was a retry of it (same idempotency key).
     */
    record Delivery(String replyTo, OperationId operationId, Settlement settlement) {
    }
}
