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
    private final KnownWallets knownWallets;

    @Inject
    public WalletRulesService(SubmitOperationService submissions, KnownWallets knownWallets) {
        this.submissions = submissions;
        this.knownWallets = knownWallets;
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
        RequestFingerprint fingerprint = RequestFingerprint.of(change);
        if (!knownWallets.exists(change.walletId())) {
            return submissions.walletNotFound(change.walletId(), key, fingerprint);
        }
        return submissions.submit(change, fingerprint, key);
    }
}
