package io.github.wallet.adapter.out.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the store's PostgreSQL is and how many connections to keep.
 *
 * @param connectTimeout how long a request waits for a pooled connection before the store is
 *                       reported unavailable (a fast 503 rather than a hang)
 */
public record PostgresSettings(String jdbcUrl, String user, String password, int poolSize, Duration connectTimeout) {

    public PostgresSettings {
        Objects.requireNonNull(jdbcUrl, "'jdbcUrl' must not be null");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("'jdbcUrl' must start with jdbc:postgresql:, was " + jdbcUrl);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("'poolSize' must be >= 1, was " + poolSize);
        }
        Objects.requireNonNull(connectTimeout, "'connectTimeout' must not be null");
    }

    public PostgresSettings withPoolSize(int value) {
        return new PostgresSettings(jdbcUrl, user, password, value, connectTimeout);
    }
}
