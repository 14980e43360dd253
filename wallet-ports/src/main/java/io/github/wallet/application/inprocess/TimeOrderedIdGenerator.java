package io.github.wallet.application.inprocess;

import io.github.wallet.application.port.out.IdGenerator;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * UUID version 7 (RFC 9562): a millisecond timestamp then random bits. Ids made close in time
 * sort close together, so inserting them keeps the primary-key index compact, unlike version 4.
 */
@Singleton
public final class TimeOrderedIdGenerator implements IdGenerator {

    private final SecureRandom random = new SecureRandom();

    @Override
    public UUID newId() {
        long millis = System.currentTimeMillis();
        long randomA = random.nextLong();
        long randomB = random.nextLong();
        long most = (millis << 16) | 0x7000L | (randomA & 0x0FFFL);
        long least = (randomB & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least);
    }
}
