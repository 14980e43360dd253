package io.github.wallet.application.service;

import io.github.wallet.application.port.out.WalletReads;
import io.github.wallet.domain.wallet.WalletId;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers wallets known to exist, so that a hot wallet's operations do not ask the store each
 * time. Wallets are never deleted, so a positive answer never goes stale; a negative one is
 * never cached (the wallet may be created a moment later).
 */
@Singleton
public final class KnownWallets {

    /** Beyond this many ids the set starts over: a bound on memory, at the cost of some look-ups. */
    static final int SIZE_MAX = 200_000;

    private final WalletReads store;
    private final Set<WalletId> known = ConcurrentHashMap.newKeySet();

    @Inject
    public KnownWallets(WalletReads store) {
        this.store = store;
    }

    public boolean exists(WalletId walletId) {
        if (known.contains(walletId)) {
            return true;
        }
        boolean exists = store.findWallet(walletId).isPresent();
        if (exists) {
            remember(walletId);
        }
        return exists;
    }

    public void remember(WalletId walletId) {
        if (known.size() >= SIZE_MAX) {
            known.clear();
        }
        known.add(walletId);
    }
}
