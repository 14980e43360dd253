package io.github.wallet.application.port.in;

import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.util.Optional;

/**
 * Reads a wallet's balance.
 */
public interface GetWalletUseCase {

    Optional<WalletSnapshot> getWallet(WalletId walletId);

    /**
     * The wallet as this process holds it in memory, without any I/O (safe on an event loop);
     * empty when it holds none, and then {@link #getWallet} answers.
     */
    default Optional<WalletSnapshot> getWalletFromMemory(WalletId walletId) {
        return Optional.empty();
    }
}
