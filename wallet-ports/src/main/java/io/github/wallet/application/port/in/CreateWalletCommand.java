package io.github.wallet.application.port.in;

import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletLimits;
import io.github.wallet.domain.wallet.WalletStatus;
import java.util.Optional;

/**
 * A request to open a wallet; every part may be left out (a new id, the default currency, no key).
 */
public record CreateWalletCommand(Optional<WalletId> walletId, Optional<CurrencyCode> currency, WalletLimits limits, WalletStatus status,
                                  Optional<IdempotencyKey> idempotencyKey) {

    public CreateWalletCommand {
        walletId = walletId == null ? Optional.empty() : walletId;
        currency = currency == null ? Optional.empty() : currency;
        limits = limits == null ? WalletLimits.NONE : limits;
        status = status == null ? WalletStatus.ACTIVE : status;
        idempotencyKey = idempotencyKey == null ? Optional.empty() : idempotencyKey;
    }

    /** A plain wallet: no limits, active. */
    public CreateWalletCommand(Optional<WalletId> walletId, Optional<CurrencyCode> currency, Optional<IdempotencyKey> idempotencyKey) {
        this(walletId, currency, WalletLimits.NONE, WalletStatus.ACTIVE, idempotencyKey);
    }

    public static CreateWalletCommand withDefaults() {
        return new CreateWalletCommand(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
