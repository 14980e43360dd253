package io.github.wallet.domain.wallet;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;

/**
 * How much left a wallet in the current calendar day and month: two counters kept on the wallet,
 * so a debit limit is checked in O(1), never by summing the ledger. A counter of another period
 * than the one asked about counts as zero (the period has turned).
 *
 * @param day        the day {@code dayTotal} counts
 * @param dayTotal   debited on {@code day}
 * @param month      the month {@code monthTotal} counts
 * @param monthTotal debited in {@code month}
 */
public record DebitCounters(LocalDate day, long dayTotal, YearMonth month, long monthTotal) {

    /** Nothing debited yet. */
    public static final DebitCounters NONE = new DebitCounters(LocalDate.EPOCH, 0, YearMonth.of(1970, 1), 0);

    public DebitCounters {
        Objects.requireNonNull(day, "'day' must not be null");
        Objects.requireNonNull(month, "'month' must not be null");
        if (dayTotal < 0 || monthTotal < 0) {
            throw new IllegalArgumentException("debit totals must be >= 0, were " + dayTotal + " and " + monthTotal);
        }
    }

    public long debitedOn(LocalDate date) {
        return date.equals(day) ? dayTotal : 0;
    }

    public long debitedIn(YearMonth period) {
        return period.equals(month) ? monthTotal : 0;
    }

    /** These counters after a debit of {@code amountMinor} on {@code date}; they saturate rather than overflow. */
    public DebitCounters plus(long amountMinor, LocalDate date) {
        YearMonth period = YearMonth.from(date);
        return new DebitCounters(date, saturatedSum(debitedOn(date), amountMinor), period, saturatedSum(debitedIn(period), amountMinor));
    }

    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
