package io.github.wallet.application.port.in;

import io.github.wallet.application.port.HoldPage;
import io.github.wallet.domain.operation.OperationId;
import java.util.Optional;

/**
 * Two-phase payments: reserve money now, capture or void it later. Each step is an operation,
 * queued and decided like a deposit, answered through {@link Submission}.
 */
public interface HoldsUseCase {

    /** Queues the placement of a hold; its operation id is the hold's id. */
    Submission place(PlaceHoldCommand command);

    /** Queues a capture or a void on the hold's wallet; {@link Submission.HoldNotFound} when there is no such hold. */
    Submission settle(SettleHoldCommand command);

    /** The hold: placed, queued, or refused. */
    Optional<HoldView> getHold(OperationId holdId);

    /** A page of the wallet's placed holds; empty when the wallet does not exist. */
    Optional<HoldPage> listHolds(ListHoldsQuery query);
}
