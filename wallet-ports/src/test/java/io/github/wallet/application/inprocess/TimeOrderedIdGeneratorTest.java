package io.github.wallet.application.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdGeneratorTest {

    @Test
    void idsAreVersion7AndStrictlyIncreasingEvenWithinOneMillisecond() {
        TimeOrderedIdGenerator ids = new TimeOrderedIdGenerator();
        UUID previous = ids.newId();
        for (int i = 0; i < 100_000; i++) {
            UUID next = ids.newId();
            assertThat(next.version()).isEqualTo(7);
            assertThat(next.variant()).isEqualTo(2);
            // PostgreSQL orders uuids bytewise, i.e. the most significant long unsigned.
            assertThat(Long.compareUnsigned(next.getMostSignificantBits(), previous.getMostSignificantBits()))
                    .as("%s after %s", next, previous).isPositive();
            previous = next;
        }
        long millis = previous.getMostSignificantBits() >>> 16;
        assertThat(millis).as("the timestamp stays close to the clock").isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis() + 1_000);
    }
}
