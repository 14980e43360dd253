package io.github.wallet.application.port.out;

import java.util.UUID;

/**
 * Makes new ids for wallets and operations.
 */
public interface IdGenerator {

    UUID newId();
}
