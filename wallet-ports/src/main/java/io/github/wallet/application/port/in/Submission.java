package io.github.wallet.application.port.in;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.wallet.WalletId;
import java.util.concurrent.CompletionStage;

/**
 * How a request to queue an operation was received.
 */
public sealed interface Submission {

    /**
     * Queued (or found already queued or decided, when {@code replayed}).
     *
     * @param operation  the operation as it stands now (pending, or decided for a replay)
     * @param settlement completes once the operation is decided and committed
     */
    record Accepted(OperationRecord operation, boolean replayed, CompletionStage<Settlement> settlement) implements Submission {
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
