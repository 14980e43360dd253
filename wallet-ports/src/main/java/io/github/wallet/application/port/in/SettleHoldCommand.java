package io.github.wallet.application.port.in;

import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import java.util.Objects;
import java.util.Optional;

/**
 * A client's request to capture a hold (all of it, or {@code amount} and release the rest) or to void it.
 */
public record SettleHoldCommand(OperationId holdId, Step step, Optional<Amount> amount, Optional<IdempotencyKey> idempotencyKey) {

    /** What to do with the hold. */
    public enum Step { CAPTURE, VOID }

    public SettleHoldCommand {
        Objects.requireNonNull(holdId, "'holdId' must not be null");
        Objects.requireNonNull(step, "'step' must not be null");
        amount = amount == null ? Optional.empty() : amount;
        idempotencyKey = idempotencyKey == null ? Optional.empty() : idempotencyKey;
        if (step == Step.VOID && amount.isPresent()) {
            throw new IllegalArgumentException("a void releases the whole hold; it takes no amount");
        }
    }

    public static SettleHoldCommand capture(OperationId holdId, Optional<Amount> amount) {
        return new SettleHoldCommand(holdId, Step.CAPTURE, amount, Optional.empty());
    }

    public static SettleHoldCommand voiding(OperationId holdId) {
        return new SettleHoldCommand(holdId, Step.VOID, Optional.empty(), Optional.empty());
    }

    public SettleHoldCommand withIdempotencyKey(IdempotencyKey key) {
        return new SettleHoldCommand(holdId, step, amount, Optional.of(key));
    }
}
