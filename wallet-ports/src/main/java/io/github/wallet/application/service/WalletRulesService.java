package io.github.wallet.application.service;

import io.github.wallet.application.port.in.Submission;
import io.github.wallet.application.port.in.WalletRulesUseCase;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletLimits;
import io.github.wallet.domain.wallet.WalletStatus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Queues changes of a wallet's limits and status, in the wallet's order like any operation.
 */
@Singleton
public final class WalletRulesService implements WalletRulesUseCase {

    private final SubmitOperationService submissions;

    @Inject
    public WalletRulesService(SubmitOperationService submissions) {
        this.submissions = submissions;
    }

    @Override
    public Submission setLimits(WalletId walletId, WalletLimits limits, Optional<IdempotencyKey> key) {
        return submit(new Operation.LimitsChange(submissions.newId(), walletId, limits), key);
    }

    @Override
    public Submission setStatus(WalletId walletId, WalletStatus status, Optional<IdempotencyKey> key) {
        return submit(new Operation.StatusChange(submissions.newId(), walletId, status), key);
    }

    private Submission submit(Operation change, Optional<IdempotencyKey> key) {
        return submissions.submitIfWalletsExist(change, RequestFingerprint.of(change), key);
    }
}
