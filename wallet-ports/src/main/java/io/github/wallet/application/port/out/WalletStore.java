package io.github.wallet.application.port.out;

/**
 * Everything a complete store offers, for wiring one adapter into every port it serves. Services
 * never take this: each asks for the narrow port it needs.
 */
public interface WalletStore extends WalletReads, WalletRegistry, BatchStore, EventFeed {
}
