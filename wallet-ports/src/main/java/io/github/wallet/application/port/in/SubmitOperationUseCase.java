package io.github.wallet.application.port.in;

/**
 * Queues a deposit, withdrawal or transfer; the batching worker decides and commits it later.
 */
public interface SubmitOperationUseCase {

    /**
     * Validates, deduplicates and queues the operation. Blocks only for the store look-ups it
     * needs; the outcome arrives later through {@link Submission.Accepted#settlement()}.
     *
     * @throws io.github.wallet.application.port.DependencyUnavailableException when the store or the queue is down or full
     */
    Submission submit(SubmitOperationCommand command);
}
