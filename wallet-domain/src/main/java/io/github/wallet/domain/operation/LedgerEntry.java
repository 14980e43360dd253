package io.github.wallet.domain.operation;

import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.wallet.WalletId;

/**
 * One line of a wallet's ledger: how much an operation changed it (signed) and what it left.
 * A wallet's balance is always the sum of its entries' {@code deltaMinor}.
 */
public record LedgerEntry(WalletId walletId, OperationId operationId, long deltaMinor, Money balanceAfter) {
}
