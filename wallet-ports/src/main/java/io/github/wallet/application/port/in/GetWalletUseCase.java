package io.github.wallet.application.port.in;

import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.util.Optional;

/**
 * Reads a wallet's balance.
 */
public interface GetWalletUseCase {

    Optional<WalletSnapshot> getWallet(WalletId walletId);
}
