package io.github.wallet.application.service;

import io.github.wallet.application.port.in.CreateWalletCommand;
import io.github.wallet.application.port.in.CreateWalletResult;
import io.github.wallet.application.port.in.CreateWalletUseCase;
import io.github.wallet.application.port.out.IdGenerator;
import io.github.wallet.application.port.out.TimeSource;
import io.github.wallet.application.port.out.WalletRegistry;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Opens wallets straight in the store: creation does not go through the queue, since it touches
 * no balance and must be visible to the very next request.
 */
@Singleton
public final class CreateWalletService implements CreateWalletUseCase {

    private final WalletRegistry store;
    private final KnownWallets knownWallets;
    private final TimeSource time;
    private final IdGenerator ids;
    private final CurrencyCode defaultCurrency;
    private final WalletSnapshotCache cache;

    @Inject
    public CreateWalletService(WalletRegistry store, KnownWallets knownWallets, WalletSnapshotCache cache, TimeSource time, IdGenerator ids,
                               CurrencyCode defaultCurrency) {
        this.store = store;
        this.knownWallets = knownWallets;
        this.cache = cache;
        this.time = time;
        this.ids = ids;
        this.defaultCurrency = defaultCurrency;
    }

    @Override
    public CreateWalletResult create(CreateWalletCommand command) {
        CurrencyCode currency = command.currency().orElse(defaultCurrency);
        // The fingerprint holds what the client asked for, not what we filled in, so a retry matches.
        RequestFingerprint fingerprint = RequestFingerprint.ofWalletOpening(command.walletId(), currency, command.limits(), command.status());
        WalletId walletId = command.walletId().orElseGet(() -> new WalletId(ids.newId()));
        Wallet wallet = Wallet.open(walletId, currency, command.limits(), command.status(), time.now());
        return switch (store.createWallet(wallet, command.idempotencyKey(), fingerprint)) {
            case WalletRegistry.WalletCreation.Created created -> {
                knownWallets.remember(created.wallet().id());
                cache.offer(created.wallet());
                yield new CreateWalletResult.Created(created.wallet(), false);
            }
            case WalletRegistry.WalletCreation.IdTaken taken -> new CreateWalletResult.AlreadyExists(taken.walletId());
            // The same request again gets the wallet it opened; another request under the key is refused.
            case WalletRegistry.WalletCreation.KeyTaken taken -> taken.fingerprint().equals(fingerprint)
                    ? new CreateWalletResult.Created(taken.wallet(), true)
                    : new CreateWalletResult.IdempotencyKeyReused(taken.key());
        };
    }
}
