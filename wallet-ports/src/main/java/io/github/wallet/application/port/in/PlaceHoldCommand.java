package io.github.wallet.application.port.in;

import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.wallet.WalletId;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A client's request to reserve money on a wallet.
 *
 * @param toWalletId       where a capture moves the money; empty: a capture withdraws it
 * @param expiresInSeconds 1..2 592 000; empty: the configured default
 */
public record PlaceHoldCommand(WalletId walletId, Amount amount, Optional<WalletId> toWalletId, OptionalLong expiresInSeconds,
                               Optional<IdempotencyKey> idempotencyKey) {

    /** The longest a hold may last: 30 days. */
    public static final long EXPIRES_IN_SECONDS_MAX = 2_592_000;

    public PlaceHoldCommand {
        Objects.requireNonNull(walletId, "'walletId' must not be null");
        Objects.requireNonNull(amount, "'amount' must not be null");
        toWalletId = toWalletId == null ? Optional.empty() : toWalletId;
        expiresInSeconds = expiresInSeconds == null ? OptionalLong.empty() : expiresInSeconds;
        idempotencyKey = idempotencyKey == null ? Optional.empty() : idempotencyKey;
        if (toWalletId.filter(walletId::equals).isPresent()) {
            throw new IllegalArgumentException("'toWalletId' must differ from 'walletId', both were " + walletId);
        }
        if (expiresInSeconds.isPresent() && (expiresInSeconds.getAsLong() < 1 || expiresInSeconds.getAsLong() > EXPIRES_IN_SECONDS_MAX)) {
            throw new IllegalArgumentException("'expiresInSeconds' must be between 1 and " + EXPIRES_IN_SECONDS_MAX + ", was " + expiresInSeconds.getAsLong());
        }
    }
}
