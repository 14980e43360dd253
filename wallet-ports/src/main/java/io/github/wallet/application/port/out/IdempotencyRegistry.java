package io.github.wallet.application.port.out;

import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;

/**
 * The fast path for idempotency keys of operations in flight: the first request with a key
 * claims it; a duplicate finds the claim. The store's unique key stays the truth for keys whose
 * operation is committed.
 */
public interface IdempotencyRegistry {

    /** Claims the key for {@code candidate}, or returns the claim another request holds. */
    Claim claim(IdempotencyKey key, OperationId candidate, String fingerprint);

    /**
     * Gives the key up if {@code holder} still holds it: its operation is committed (the store
     * answers from now on) or was never queued.
     */
    void release(IdempotencyKey key, OperationId holder);

    /** The answer to a claim. */
    sealed interface Claim {
        /** The key is ours; queue the candidate. */
        record Granted() implements Claim {
        }

        /** Another request holds the key for this operation. */
        record Held(OperationId operationId, String fingerprint) implements Claim {
        }
    }
}
