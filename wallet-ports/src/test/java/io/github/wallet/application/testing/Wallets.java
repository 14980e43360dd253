package io.github.wallet.application.testing;

import io.github.wallet.application.port.out.WalletStore;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Test data: wallets opened in a store, with a balance when asked.
 */
public final class Wallets {

    private Wallets() {
    }

    public static WalletId open(WalletStore store) {
        return open(store, "RUB");
    }

    public static WalletId open(WalletStore store, String currency) {
        CurrencyCode code = new CurrencyCode(currency);
        Wallet wallet = Wallet.open(new WalletId(UUID.randomUUID()), code, Operations.now());
        store.createWallet(wallet, Optional.empty(), RequestFingerprint.ofWalletOpening(Optional.empty(), code));
        return wallet.id();
    }

    /** A wallet holding {@code balance}, put there by a deposit, so its ledger adds up. */
    public static WalletId withBalance(WalletStore store, long balance) {
        WalletId id = open(store);
        if (balance > 0) {
            Operations.commit(store, List.of(Operations.deposit(id, balance)));
        }
        return id;
    }
}
