package io.github.wallet.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The ids the server gives requests that bring none: random version 4 UUIDs, never repeated. */
class RequestIdTest {

    @Test
    void newIdsAreVersionFourUuidsAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = RequestTracking.newId();
            UUID parsed = UUID.fromString(id);
            assertThat(parsed.version()).as(id).isEqualTo(4);
            assertThat(parsed.variant()).as(id).isEqualTo(2);
            assertThat(parsed.toString()).isEqualTo(id);
            assertThat(seen.add(id)).as("repeated: %s", id).isTrue();
        }
    }
}
