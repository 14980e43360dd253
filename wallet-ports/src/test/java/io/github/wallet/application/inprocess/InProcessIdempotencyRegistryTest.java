package io.github.wallet.application.inprocess;

import io.github.wallet.application.port.out.IdempotencyRegistry;
import io.github.wallet.application.testing.IdempotencyRegistryContract;

class InProcessIdempotencyRegistryTest extends IdempotencyRegistryContract {

    private final InProcessIdempotencyRegistry registry = new InProcessIdempotencyRegistry();

    @Override
    protected IdempotencyRegistry registry() {
        return registry;
    }
}
