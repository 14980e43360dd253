package io.github.wallet.application.port.in;

import io.github.wallet.application.port.OperationPage;
import java.util.Optional;

/**
 * Reads a wallet's history, newest first, a page at a time.
 */
public interface ListOperationsUseCase {

    /** Empty when the wallet does not exist. */
    Optional<OperationPage> listOperations(ListOperationsQuery query);
}
