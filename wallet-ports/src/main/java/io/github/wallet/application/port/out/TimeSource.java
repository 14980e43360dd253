package io.github.wallet.application.port.out;

import java.time.Instant;

/**
 * The clock, as a port: the domain never reads it, services ask it.
 */
public interface TimeSource {

    Instant now();
}
