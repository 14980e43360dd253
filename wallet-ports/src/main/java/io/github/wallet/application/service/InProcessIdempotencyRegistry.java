package io.github.wallet.application.service;

import io.github.wallet.application.port.out.IdempotencyRegistry;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Claims on idempotency keys of operations in flight in this JVM. A claim lasts until its
 * operation is committed; from then on the store's unique key answers, so memory stays bounded
 * by the queue, not by 24 hours of keys.
 */
public final class InProcessIdempotencyRegistry implements IdempotencyRegistry {

    private record Holder(OperationId operationId, String fingerprint) {
    }

    private final ConcurrentMap<IdempotencyKey, Holder> claims = new ConcurrentHashMap<>();

    @Override
    public Claim claim(IdempotencyKey key, OperationId candidate, String fingerprint) {
        Holder mine = new Holder(candidate, fingerprint);
        Holder held = claims.putIfAbsent(key, mine);
        return held == null ? new Claim.Granted() : new Claim.Held(held.operationId(), held.fingerprint());
    }

    @Override
    public void release(IdempotencyKey key, OperationId holder) {
        claims.computeIfPresent(key, (k, held) -> held.operationId().equals(holder) ? null : held);
    }
}
