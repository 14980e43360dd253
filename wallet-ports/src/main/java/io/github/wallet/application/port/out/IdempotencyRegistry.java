package io.github.wallet.application.port.out;

import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.RequestFingerprint;
import java.util.Collection;
import java.util.concurrent.CompletionStage;

/**
 * The fast path for idempotency keys of operations in flight: the first request with a key
 * claims it; a duplicate finds the claim. The store's unique key stays the truth for keys whose
 * operation is committed.
 */
public interface IdempotencyRegistry {

    /** Claims the key for {@code candidate}, or returns the claim another request holds. */
    Claim claim(IdempotencyKey key, OperationId candidate, RequestFingerprint fingerprint);

    /**
     * Gives each key up where its holder still holds it: the operation is committed (the store
     * answers from now on) or was never queued. Never blocks: the worker calls it once per batch.
     */
    CompletionStage<Void> release(Collection<Holder> holders);

    /** A key and the operation that claimed it. */
    record Holder(IdempotencyKey key, OperationId operationId) {
    }

    /** The answer to a claim. */
    sealed interface Claim {
        /** The key is ours; queue the candidate. */
        record Granted() implements Claim {
        }

        /** Another request holds the key for this operation. */
        record Held(OperationId operationId, RequestFingerprint fingerprint) implements Claim {
        }
    }
}
