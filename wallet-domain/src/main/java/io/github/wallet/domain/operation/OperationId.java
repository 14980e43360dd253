package io.github.wallet.domain.operation;

import java.util.Objects;
import java.util.UUID;

/**
 * The identity of one operation (deposit, withdrawal or transfer).
 */
public record OperationId(UUID value) {

    public OperationId {
        Objects.requireNonNull(value, "'value' must not be null");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
