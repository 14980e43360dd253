package io.github.wallet.domain.operation;

/**
 * Where an operation is in its life: queued, or decided one way or the other.
 */
public enum OperationStatus {
    PENDING,
    COMPLETED,
    REJECTED,
    /** The store refused to keep it (see {@link Outcome.Failed}); it had no effect. */
    FAILED
}
