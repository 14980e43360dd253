package io.github.wallet.application.service;

import io.github.wallet.application.port.HoldPage;
import io.github.wallet.application.port.in.HoldView;
import io.github.wallet.application.port.in.HoldsUseCase;
import io.github.wallet.application.port.in.ListHoldsQuery;
import io.github.wallet.application.port.in.PlaceHoldCommand;
import io.github.wallet.application.port.in.SettleHoldCommand;
import io.github.wallet.application.port.in.Submission;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.port.out.TimeSource;
import io.github.wallet.application.port.out.WalletReads;
import io.github.wallet.domain.operation.Hold;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.github.wallet.domain.wallet.WalletId;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * Holds: places them, queues their captures and voids on the hold's wallet, and reads them.
 *
 * <p>A capture or void names only the hold; the service finds the hold's wallets (placed, or its
 * placement still queued) so that the step is queued on the hold's shard, behind the placement,
 * and decided by the ledger against the hold as it stands then. Whether the hold is still active
 * is the ledger's call, not this one's: a look here would race the queue.
 */
@Singleton
public final class HoldService implements HoldsUseCase {

    private final SubmitOperationService submissions;
    private final WalletReads store;
    private final OperationQueue queue;
    private final TimeSource time;
    private final Duration defaultExpiry;

    @Inject
    public HoldService(SubmitOperationService submissions, WalletReads store, OperationQueue queue,
                       TimeSource time, RuleSettings rules) {
        this.submissions = submissions;
        this.store = store;
        this.queue = queue;
        this.time = time;
        this.defaultExpiry = rules.holdExpiryDefault();
    }

    @Override
    public Submission place(PlaceHoldCommand command) {
        Duration lasts = command.expiresInSeconds().isPresent() ? Duration.ofSeconds(command.expiresInSeconds().getAsLong()) : defaultExpiry;
        Operation.HoldPlacement placement = new Operation.HoldPlacement(submissions.newId(), command.walletId(), command.amount(),
                command.toWalletId(), time.now().plus(lasts));
        return submissions.submitIfWalletsExist(placement, RequestFingerprint.ofHoldPlacement(placement, command.expiresInSeconds()),
                command.idempotencyKey());
    }

    @Override
    public Submission settle(SettleHoldCommand command) {
        Optional<HoldView> hold = getHold(command.holdId());
        if (hold.isEmpty()) {
            // Holds are never removed, so no step on this id was ever stored: an operation under the key is another request's.
            return submissions.refused(new Submission.HoldNotFound(command.holdId()), command.idempotencyKey(), Optional.empty());
        }
        WalletId walletId = hold.get().walletId();
        OperationId id = submissions.newId();
        Operation step = switch (command.step()) {
            case CAPTURE -> new Operation.HoldCapture(id, walletId, command.holdId(), command.amount(), hold.get().toWalletId());
            case VOID -> new Operation.HoldVoid(id, walletId, command.holdId());
        };
        RequestFingerprint fingerprint = RequestFingerprint.of(step);
        if (hold.get().status() == HoldView.Status.REJECTED) {
            // A keyed step queued behind the placement before it was refused was decided then (HOLD_NOT_FOUND, with
            // its own id): its retries answer that, as any retry does (CONTRACT.md §3), not this refusal.
            return submissions.refused(new Submission.HoldNotActive(hold.get()), command.idempotencyKey(), Optional.of(fingerprint));
        }
        return submissions.submit(step, fingerprint, command.idempotencyKey());
    }

    /**
     * Placed holds are in the store; a placement still queued is in the queue. The store is asked
     * again when the queue does not know it either: it may have been committed between the looks.
     */
    @Override
    public Optional<HoldView> getHold(OperationId holdId) {
        Optional<HoldView> found = fromStore(holdId);
        if (found.isPresent()) {
            return found;
        }
        Optional<HoldView> queued = queue.findPending(holdId).map(QueuedOperation::operation).flatMap(HoldView::ofPlacement);
        return queued.isPresent() ? queued : fromStore(holdId);
    }

    private Optional<HoldView> fromStore(OperationId holdId) {
        Optional<Hold> placed = store.findHold(holdId);
        if (placed.isPresent()) {
            return placed.map(HoldView::of);
        }
        return store.findOperation(holdId).map(OperationRecord.class::cast).flatMap(HoldView::ofPlacement);
    }

    @Override
    public Optional<HoldPage> listHolds(ListHoldsQuery query) {
        if (store.findWallet(query.walletId()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(store.listHolds(query.walletId(), query.status(), query.limit(), query.before()));
    }
}
