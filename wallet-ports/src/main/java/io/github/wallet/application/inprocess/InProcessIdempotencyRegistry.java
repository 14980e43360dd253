package io.github.wallet.application.inprocess;

import io.github.wallet.application.port.out.IdempotencyRegistry;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.RequestFingerprint;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Claims on idempotency keys of operations in flight in this JVM. A claim lasts until its
 * operation is committed; from then on the store's unique key answers, so memory stays bounded
 * by the queue, not by 24 hours of keys.
 */
public final class InProcessIdempotencyRegistry implements IdempotencyRegistry {

    private record Claimant(OperationId operationId, RequestFingerprint fingerprint) {
    }

    private final ConcurrentMap<IdempotencyKey, Claimant> claims = new ConcurrentHashMap<>();

    @Override
    public Claim claim(IdempotencyKey key, OperationId candidate, RequestFingerprint fingerprint) {
        Claimant held = claims.putIfAbsent(key, new Claimant(candidate, fingerprint));
        return held == null ? new Claim.Granted() : new Claim.Held(held.operationId(), held.fingerprint());
    }

    @Override
    public CompletionStage<Void> release(Collection<Holder> holders) {
        for (Holder holder : holders) {
            claims.computeIfPresent(holder.key(), (k, held) -> held.operationId().equals(holder.operationId()) ? null : held);
        }
        return CompletableFuture.completedFuture(null);
    }

    /** How many keys are claimed right now. */
    public int claimed() {
        return claims.size();
    }
}
