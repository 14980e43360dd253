package io.github.wallet.domain.operation;

/**
 * The kinds of operation a wallet knows.
 */
public enum OperationType {
    DEPOSIT,
    WITHDRAW,
    TRANSFER
}
