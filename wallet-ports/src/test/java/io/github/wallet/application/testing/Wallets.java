package io.github.wallet.application.testing;

import io.github.wallet.application.port.out.WalletStore;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
        Wallet wallet = Wallet.open(new WalletId(UUID.randomUUID()), new CurrencyCode(currency), Instant.now().truncatedTo(ChronoUnit.MICROS));
        store.createWallet(wallet, Optional.empty(), "CREATE||" + currency);
        return wallet.id();
    }

    /** A wallet holding {@code balance}, put there by a deposit, so its ledger adds up. */
    public static WalletId withBalance(WalletStore store, long balance) {
        WalletId id = open(store);
        if (balance > 0) {
            store.apply(List.of(Operations.deposit(id, balance)), Instant.now().truncatedTo(ChronoUnit.MICROS));
        }
        return id;
    }
}
