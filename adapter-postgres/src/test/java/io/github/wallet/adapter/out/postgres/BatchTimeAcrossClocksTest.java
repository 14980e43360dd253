package io.github.wallet.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.service.BatchCommitter;
import io.github.wallet.application.service.RuleSettings;
import io.github.wallet.application.service.WalletSnapshotCache;
import io.github.wallet.application.testing.Operations;
import io.github.wallet.application.testing.Wallets;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.operation.RejectionReason;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletLimits;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two instances whose clocks disagree a little, one after the other on a wallet (its shard handed
 * over around midnight): the later batch is dated no earlier than the wallet's last change, so
 * its debits count in the same day (the daily limit holds) and the ledger's dates agree with the
 * debit counters (audit). A wallet changed far ahead of the clock (a clock gone wrong, not skew)
 * does not drag the batch's time along.
 */
class BatchTimeAcrossClocksTest {

    private static TestPostgres database;
    private static PostgresWalletStore store;

    @BeforeAll
    static void startStore() {
        database = TestPostgres.createDatabase(BatchTimeAcrossClocksTest.class);
        store = PostgresWalletStore.start(database.settings());
    }

    @AfterAll
    static void stopStore() {
        store.close();
        database.close();
    }

    /** A committer of its own: an instance that remembers nothing of the other's batches. */
    private static OperationRecord.Decided commitOn(Instant clock, QueuedOperation... operations) {
        List<Settlement> settled = new BatchCommitter(store, RuleSettings.defaults(), WalletSnapshotCache.off()).commit(List.of(operations), clock);
        return ((Settlement.Committed) settled.getLast()).operation();
    }

    @Test
    void aBatchTimedALittleBeforeAWalletsLastChangeIsDatedAtItSoTheDaysLimitHoldsAndAuditAgrees() {
        WalletId wallet = Wallets.withBalance(store, 1_000);
        Instant afterMidnight = Instant.parse("2030-01-02T00:00:01Z");
        commitOn(afterMidnight, Operations.limits(wallet, new WalletLimits(0, OptionalLong.empty(), OptionalLong.of(100), OptionalLong.empty())),
                Operations.withdrawal(wallet, 80));

        // The next instance's clock is two seconds behind: to it, it is still the day before.
        OperationRecord.Decided over = commitOn(afterMidnight.minusSeconds(2), Operations.withdrawal(wallet, 30));
        assertThat(over.outcome()).as("80 + 30 debited on one day, against 100").isEqualTo(new Outcome.Rejected(RejectionReason.DEBIT_LIMIT_EXCEEDED));
        assertThat(over.decidedAt()).isEqualTo(afterMidnight);
        OperationRecord.Decided within = commitOn(afterMidnight.minusSeconds(1), Operations.withdrawal(wallet, 20));
        assertThat(within.outcome()).isInstanceOf(Outcome.Completed.class);

        assertThat(store.audit().problems()).as("the debit counters agree with the ledger's dates").isEmpty();
    }

    @Test
    void aWalletChangedFarAheadOfTheClockDoesNotDragTheBatchAlong() {
        WalletId wallet = Wallets.withBalance(store, 1_000);
        commitOn(Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MICROS), Operations.deposit(wallet, 1));
        Instant now = Operations.now();
        assertThat(commitOn(now, Operations.deposit(wallet, 1)).decidedAt()).isEqualTo(now);
    }

    /**
     * Limits counted in a zone given as an offset: PostgreSQL reads a text zone such as '+03:00' the
     * POSIX way (east negative), so the audit dated 22:30Z on the same day where the counters
     * (java.time) have the next one, and reported a mismatch that was not there.
     */
    @ParameterizedTest
    @ValueSource(strings = {"+03:00", "-05:30", "UTC+3", "Europe/Moscow", "Z"})
    void theAuditCountsDebitsInTheLimitsZoneEvenOneGivenAsAnOffset(String zone) {
        java.time.ZoneId limitsZone = java.time.ZoneId.of(zone);
        try (TestPostgres own = TestPostgres.createDatabase(BatchTimeAcrossClocksTest.class);
             PostgresWalletStore books = PostgresWalletStore.start(own.settings())) {
            WalletId wallet = Wallets.withBalance(books, 1_000);
            RuleSettings rules = new RuleSettings(limitsZone, RuleSettings.defaults().holdExpiryDefault(), RuleSettings.defaults().holdExpiryCheck());
            new BatchCommitter(books, rules, WalletSnapshotCache.off())
                    .commit(List.of(Operations.withdrawal(wallet, 30)), Instant.parse("2030-01-01T22:30:00Z"));
            try (var pool = PostgresWalletStore.pool(own.settings())) {
                assertThat(LedgerAudit.run(pool, limitsZone).problems()).as(zone).isEmpty();
            }
        }
    }
}
