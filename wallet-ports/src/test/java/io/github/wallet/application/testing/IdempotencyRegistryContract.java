package io.github.wallet.application.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.port.out.IdempotencyRegistry;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
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

    private static OperationId newId() {
        return new OperationId(UUID.randomUUID());
    }

    @Test
    void theFirstClaimIsGrantedAndLaterOnesSeeTheHolder() {
        IdempotencyKey key = newKey();
        OperationId first = newId();
        assertThat(registry().claim(key, first, "fp")).isEqualTo(new IdempotencyRegistry.Claim.Granted());
        assertThat(registry().claim(key, newId(), "other")).isEqualTo(new IdempotencyRegistry.Claim.Held(first, "fp"));
    }

    @Test
    void aReleasedKeyCanBeClaimedAgain() {
        IdempotencyKey key = newKey();
        OperationId first = newId();
        registry().claim(key, first, "fp");
        registry().release(key, first);
        assertThat(registry().claim(key, newId(), "fp")).isEqualTo(new IdempotencyRegistry.Claim.Granted());
    }

    @Test
    void onlyTheHolderReleases() {
        IdempotencyKey key = newKey();
        OperationId holder = newId();
        registry().claim(key, holder, "fp");
        registry().release(key, newId());
        assertThat(registry().claim(key, newId(), "fp")).isEqualTo(new IdempotencyRegistry.Claim.Held(holder, "fp"));
    }

    @Test
    void amongConcurrentClaimsExactlyOneIsGranted() {
        IdempotencyKey key = newKey();
        List<IdempotencyRegistry.Claim> claims = IntStream.range(0, 32)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> registry().claim(key, newId(), "fp")))
                .toList().stream().map(CompletableFuture::join).toList();
        assertThat(claims).filteredOn(claim -> claim instanceof IdempotencyRegistry.Claim.Granted).hasSize(1);
    }
}
