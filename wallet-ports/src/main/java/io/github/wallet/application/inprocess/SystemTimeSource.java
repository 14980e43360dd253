package io.github.wallet.application.inprocess;

import io.github.wallet.application.port.out.TimeSource;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The wall clock, in microseconds (what PostgreSQL keeps), so stored and answered times agree.
 */
@Singleton
public final class SystemTimeSource implements TimeSource {

    @Override
    public Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
