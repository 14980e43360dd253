package io.github.wallet.adapter.out.postgres;

import io.github.wallet.application.port.BlockingCallGuard;
import io.github.wallet.application.port.DependencyUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Tells "PostgreSQL cannot be reached" (a 503 the client may retry) from a programming error
 * (a bug, which stays an exception).
 */
final class StoreFailures {

    static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private StoreFailures() {
    }

    static <T> T translate(Supplier<T> work) {
        BlockingCallGuard.check("postgres");
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (isUnavailable(e)) {
                throw new DependencyUnavailableException("store", rootMessage(e), RETRY_AFTER, e);
            }
            throw e;
        }
    }

    static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exception; 57P: operator intervention (shutdown); 53: out of resources.
                if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A unique constraint refused a row (SQLSTATE 23505): here, an operation stored already. */
    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * PostgreSQL refused the data itself (SQLSTATE class 22 data exception, class 23 integrity
     * constraint other than a unique key, P0001 an exception raised by a trigger): the same
     * statement would fail again. Serialization failures and deadlocks (class 40) are not this.
     */
    static boolean isRefusedData(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return state.startsWith("22") || (state.startsWith("23") && !state.equals("23505")) || state.equals("P0001");
            }
        }
        return false;
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
