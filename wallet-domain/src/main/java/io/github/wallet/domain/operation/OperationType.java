package io.github.wallet.domain.operation;

/**
 * The kinds of operation a wallet knows.
 */
public enum OperationType {
    DEPOSIT,
    WITHDRAW,
    TRANSFER,
    /** Places a hold. */
    HOLD,
    /** Captures a hold, all or part. */
    CAPTURE,
    /** Voids a hold. */
    VOID,
    /** Releases a hold whose time is up. */
    EXPIRE,
    SET_LIMITS,
    SET_STATUS
}
