package io.github.wallet.application.port.in;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.wallet.WalletId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * How a request to queue an operation was received.
 */
public sealed interface Submission {

    /**
     * Queued (or found already queued or decided, when {@code replayed}).
     *
     * <p>A keyed write queued as new is not yet known to be new: its key may belong to an operation
     * committed long before (its claim given up since). Waiting for the {@code settlement} needs no
     * more (the planner answers a duplicate with the key's operation); anything answered before
     * it (a 202) comes from {@link #beforeDecided()}, which looks the key up in the store first.
     *
     * @param operation    the operation as it stands now (pending, or decided for a replay)
     * @param settlement   completes once the operation is decided and committed
     * @param confirmation for a keyed write queued without a look in the store: what may be answered
     *                     before the decision, given this submission; null when that is this submission
     */
    record Accepted(OperationRecord operation, boolean replayed, CompletionStage<Settlement> settlement,
                    Function<Accepted, CompletionStage<Submission>> confirmation) implements Submission {

        /** Accepted, and what may be answered before the decision is this very operation. */
        public Accepted(OperationRecord operation, boolean replayed, CompletionStage<Settlement> settlement) {
            this(operation, replayed, settlement, null);
        }

        /**
         * What may be answered before the operation is decided (with a 202): this submission, or,
         * when the key turns out to belong to an operation committed before, that operation (a
         * replay) or {@link IdempotencyKeyReused}. Fails with
         * {@link io.github.wallet.application.port.DependencyUnavailableException} when the store
         * cannot tell: an id that may never exist must not be answered.
         */
        public CompletionStage<Submission> beforeDecided() {
            return confirmation == null ? CompletableFuture.completedFuture(this) : confirmation.apply(this);
        }
    }

    /** A wallet the request names does not exist; nothing was queued. */
    record WalletNotFound(WalletId walletId) implements Submission {
    }

    /** There is no hold with this id (placed, queued or refused); nothing was queued. */
    record HoldNotFound(OperationId holdId) implements Submission {
    }

    /** The hold was refused when it was to be placed, so it cannot be settled; nothing was queued. */
    record HoldNotActive(HoldView hold) implements Submission {
    }

    /** The idempotency key was used before for a different request; nothing was queued. */
    record IdempotencyKeyReused(IdempotencyKey key) implements Submission {
    }
}
