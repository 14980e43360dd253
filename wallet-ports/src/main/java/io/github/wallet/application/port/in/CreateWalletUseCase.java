package io.github.wallet.application.port.in;

/**
 * Opens a new, empty wallet.
 */
public interface CreateWalletUseCase {

    CreateWalletResult create(CreateWalletCommand command);
}
