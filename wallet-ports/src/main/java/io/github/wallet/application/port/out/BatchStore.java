package io.github.wallet.application.port.out;

import java.util.function.Function;

/**
 * The one transaction a batch is committed in. The store only does I/O inside it (lock, look up,
 * write); what to write is decided by the core's planner between those calls.
 */
public interface BatchStore {

    /**
     * Runs {@code work} in one transaction and commits when it returns; rolls back when it throws.
     *
     * @throws AlreadyStoredException when a write trips a unique key: an operation of the batch, or
     *         its idempotency key, is stored already (a redelivery); nothing was committed
     * @throws UnwritableException when the store refuses what the batch writes (a constraint, a value
     *         it cannot keep): the same batch would fail again; nothing was committed
     * @throws io.github.wallet.application.port.DependencyUnavailableException when the store cannot be reached
     *         (connection lost, restarting): worth trying the same batch again
     */
    <T> T inTransaction(Function<BatchTransaction, T> work);

    /** The store refuses what the batch would write; retrying the same batch cannot help. */
    final class UnwritableException extends RuntimeException {
        public UnwritableException(String detail, Throwable cause) {
            super(detail, cause);
        }
    }

    /**
     * A wallet the batch was planned on as remembered ({@link BatchWrites#plannedOn}) is no longer as
     * remembered (version, balance, chain head: something wrote it meanwhile): run the batch again
     * with the wallets locked and read. Thrown by {@link BatchTransaction#write}, which wrote nothing;
     * the transaction must not commit.
     */
    final class WalletChangedException extends RuntimeException {
        public WalletChangedException(String detail) {
            super(detail);
        }
    }

    /** Some operation of the batch is stored already: run the batch again, looking stored operations up first. */
    final class AlreadyStoredException extends RuntimeException {
        public AlreadyStoredException(String detail, Throwable cause) {
            super(detail, cause);
        }
    }
}
