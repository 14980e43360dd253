package io.github.wallet.application.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.port.out.IdempotencyRegistry;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.RequestFingerprint;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link IdempotencyRegistry} must do; each implementation's test extends this.
 */
public abstract class IdempotencyRegistryContract {

    protected abstract IdempotencyRegistry registry();

    private static IdempotencyKey newKey() {
        return new IdempotencyKey("key-" + UUID.randomUUID());
    }

    private static final RequestFingerprint FP = new RequestFingerprint("fp");
    private static final RequestFingerprint OTHER = new RequestFingerprint("other");

    private void release(IdempotencyKey key, OperationId holder) {
        registry().release(List.of(new IdempotencyRegistry.Holder(key, holder))).toCompletableFuture().join();
    }

    private static OperationId newId() {
        return new OperationId(UUID.randomUUID());
    }

    @Test
    void theFirstClaimIsGrantedAndLaterOnesSeeTheHolder() {
        IdempotencyKey key = newKey();
        OperationId first = newId();
        assertThat(registry().claim(key, first, FP)).isEqualTo(new IdempotencyRegistry.Claim.Granted());
        assertThat(registry().claim(key, newId(), OTHER)).isEqualTo(new IdempotencyRegistry.Claim.Held(first, FP));
    }

    @Test
    void aReleasedKeyCanBeClaimedAgain() {
        IdempotencyKey key = newKey();
        OperationId first = newId();
        registry().claim(key, first, FP);
        release(key, first);
        assertThat(registry().claim(key, newId(), FP)).isEqualTo(new IdempotencyRegistry.Claim.Granted());
    }

    @Test
    void onlyTheHolderReleases() {
        IdempotencyKey key = newKey();
        OperationId holder = newId();
        registry().claim(key, holder, FP);
        release(key, newId());
        assertThat(registry().claim(key, newId(), FP)).isEqualTo(new IdempotencyRegistry.Claim.Held(holder, FP));
    }

    @Test
    void oneCallReleasesManyKeysButOnlyWhereTheHolderStillHoldsThem() {
        IdempotencyKey first = newKey();
        IdempotencyKey second = newKey();
        IdempotencyKey third = newKey();
        OperationId a = newId();
        OperationId b = newId();
        OperationId c = newId();
        registry().claim(first, a, FP);
        registry().claim(second, b, FP);
        registry().claim(third, c, FP);
        registry().release(List.of(new IdempotencyRegistry.Holder(first, a), new IdempotencyRegistry.Holder(second, b),
                new IdempotencyRegistry.Holder(third, newId()))).toCompletableFuture().join();
        assertThat(registry().claim(first, newId(), FP)).isEqualTo(new IdempotencyRegistry.Claim.Granted());
        assertThat(registry().claim(second, newId(), FP)).isEqualTo(new IdempotencyRegistry.Claim.Granted());
        assertThat(registry().claim(third, newId(), FP)).isEqualTo(new IdempotencyRegistry.Claim.Held(c, FP));
    }

    @Test
    void amongConcurrentClaimsExactlyOneIsGranted() {
        IdempotencyKey key = newKey();
        List<IdempotencyRegistry.Claim> claims = IntStream.range(0, 32)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> registry().claim(key, newId(), FP)))
                .toList().stream().map(CompletableFuture::join).toList();
        assertThat(claims).filteredOn(claim -> claim instanceof IdempotencyRegistry.Claim.Granted).hasSize(1);
    }
}
