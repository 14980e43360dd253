package io.github.wallet.domain.wallet;

/**
 * Whether a wallet may pay out. A frozen wallet still takes money in (deposits, incoming
 * transfers) but refuses every debit, every new hold and every capture.
 */
public enum WalletStatus {
    ACTIVE,
    FROZEN
}
