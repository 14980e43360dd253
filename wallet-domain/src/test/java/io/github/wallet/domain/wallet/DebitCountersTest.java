package io.github.wallet.domain.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/**
 * The debit counters turn with the calendar and never go back: a debit dated a moment before the
 * counted day (another instance's clock, a little behind, when a shard changes hands at midnight)
 * counts in the counted day, so the later day's debits are not forgotten and its limit holds.
 */
class DebitCountersTest {

    private static final LocalDate JAN_31 = LocalDate.of(2026, 1, 31);
    private static final LocalDate FEB_1 = LocalDate.of(2026, 2, 1);

    @Test
    void aNewDayAndMonthStartFromZero() {
        DebitCounters counters = DebitCounters.NONE.plus(80, JAN_31).plus(30, FEB_1);
        assertThat(counters.debitedOn(FEB_1)).isEqualTo(30);
        assertThat(counters.debitedIn(YearMonth.from(FEB_1))).isEqualTo(30);
        assertThat(counters.debitedOn(FEB_1.plusDays(1))).isZero();
    }

    @Test
    void aDebitDatedBeforeTheCountedDayCountsInItAndForgetsNothing() {
        DebitCounters counters = DebitCounters.NONE.plus(80, FEB_1).plus(30, JAN_31);
        assertThat(counters.day()).isEqualTo(FEB_1);
        assertThat(counters.debitedOn(FEB_1)).isEqualTo(110);
        assertThat(counters.debitedIn(YearMonth.from(FEB_1))).isEqualTo(110);
        assertThat(counters.debitedOn(JAN_31)).as("an earlier day reads as the counted one").isEqualTo(110);
        assertThat(counters.debitedIn(YearMonth.from(JAN_31))).isEqualTo(110);
    }
}
