package io.github.wallet.domain.wallet;

/**
 * The rules of a wallet an operation may break; the wallet names the one, the ledger turns it
 * into the operation's rejection.
 */
public enum WalletRule {
    /** The available balance (or, for a capture, the overdraft floor) would not cover it. */
    FUNDS,
    /** The balance would pass {@code maxBalance}, or the range of a long. */
    BALANCE_LIMIT,
    /** The debits of the day or the month would pass their limit. */
    DEBIT_LIMIT,
    /** The wallet is frozen: it pays nothing out. */
    FROZEN
}
