package io.github.wallet.application.port.in;

import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import java.util.Optional;

/**
 * Reads one operation's state: pending, completed or rejected.
 */
public interface GetOperationUseCase {

    Optional<OperationRecord> getOperation(OperationId operationId);
}
