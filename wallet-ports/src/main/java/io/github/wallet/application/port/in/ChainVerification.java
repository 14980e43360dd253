package io.github.wallet.application.port.in;

import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.wallet.WalletId;
import java.util.Objects;
import java.util.Optional;

/**
 * What recomputing a wallet's entry chain found (CONTRACT.md §10).
 *
 * @param entries      how many entries the chain has
 * @param headHash     the head the wallet keeps
 * @param firstInvalid the first thing that does not match, when not valid
 */
public record ChainVerification(WalletId walletId, boolean valid, long entries, String headHash, Optional<Invalid> firstInvalid) {

    public ChainVerification {
        Objects.requireNonNull(walletId, "'walletId' must not be null");
        Objects.requireNonNull(headHash, "'headHash' must not be null");
        firstInvalid = firstInvalid == null ? Optional.empty() : firstInvalid;
        if (valid == firstInvalid.isPresent()) {
            throw new IllegalArgumentException("a verification names what is invalid exactly when it is not valid");
        }
    }

    /** Where the chain breaks: the entry's operation (none when the wallet row itself disagrees) and why. */
    public record Invalid(Optional<OperationId> operationId, String reason) {
        public Invalid {
            operationId = operationId == null ? Optional.empty() : operationId;
            Objects.requireNonNull(reason, "'reason' must not be null");
        }
    }
}
