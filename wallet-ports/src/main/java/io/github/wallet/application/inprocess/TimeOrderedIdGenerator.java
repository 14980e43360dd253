package io.github.wallet.application.inprocess;

import io.github.wallet.application.port.out.IdGenerator;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * UUID version 7 (RFC 9562): a millisecond timestamp, a 12-bit counter, then random bits. Ids made
 * close in time sort close together, so inserting them keeps the primary-key index compact, unlike
 * version 4; and ids of one generator are strictly increasing (RFC 9562 §6.2, method 1: the
 * counter orders ids of the same millisecond, and runs into the next one if it overflows), so
 * "newest first" by id is exact for one instance and to the millisecond across instances.
 */
@Singleton
public final class TimeOrderedIdGenerator implements IdGenerator {

    private final SecureRandom random = new SecureRandom();
    /** The last id's millisecond and counter, as {@code millis << 12 | counter}. */
    private final AtomicLong last = new AtomicLong();

    @Override
    public UUID newId() {
        long now = System.currentTimeMillis() << 12;
        long next = last.updateAndGet(previous -> Math.max(previous + 1, now));
        long millis = next >>> 12;
        long counter = next & 0x0FFFL;
        long randomB = random.nextLong();
        long most = (millis << 16) | 0x7000L | counter;
        long least = (randomB & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least);
    }
}
