package io.github.wallet.domain.operation;

/**
 * Why the ledger refused an operation, named after the invariant it would have broken.
 */
public enum RejectionReason {
    /** The balance would go below zero. */
    INSUFFICIENT_FUNDS,
    /** The balance would go above {@link Long#MAX_VALUE} minor units. */
    BALANCE_LIMIT_EXCEEDED,
    /** A transfer between wallets of different currencies. */
    CURRENCY_MISMATCH,
    /** A wallet the operation names does not exist (the service checks first; this is the ledger's own guard). */
    WALLET_NOT_FOUND
}
