package io.github.wallet.domain.operation;

/**
 * Why the ledger refused an operation, named after the rule it would have broken.
 */
public enum RejectionReason {
    /** The available balance (or, for a capture, the overdraft floor) does not cover it. */
    INSUFFICIENT_FUNDS,
    /** The balance would go above the wallet's {@code maxBalance}, or above {@link Long#MAX_VALUE} minor units. */
    BALANCE_LIMIT_EXCEEDED,
    /** A transfer or hold between wallets of different currencies. */
    CURRENCY_MISMATCH,
    /** A wallet the operation names does not exist (the service checks first; this is the ledger's own guard). */
    WALLET_NOT_FOUND,
    /** The debits of the day or the month would pass the wallet's limit. */
    DEBIT_LIMIT_EXCEEDED,
    /** The wallet is frozen: no debit, no new hold, no capture. */
    WALLET_FROZEN,
    /** The hold a step names does not exist. */
    HOLD_NOT_FOUND,
    /** The hold is settled (captured, voided, expired) or its time is up. */
    HOLD_NOT_ACTIVE,
    /** A capture of more than the hold. */
    AMOUNT_EXCEEDS_HOLD
}
