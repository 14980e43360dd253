package io.github.wallet.application.service;

import io.github.wallet.application.port.out.WalletStore;
import io.github.wallet.application.testing.InMemoryWalletStore;
import io.github.wallet.application.testing.WalletStoreContract;

class InMemoryWalletStoreTest extends WalletStoreContract {

    private final InMemoryWalletStore store = new InMemoryWalletStore();

    @Override
    protected WalletStore store() {
        return store;
    }
}
