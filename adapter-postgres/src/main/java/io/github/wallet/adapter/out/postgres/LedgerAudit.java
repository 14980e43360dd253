package io.github.wallet.adapter.out.postgres;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * Checks the books: every wallet's balance against the sum of its ledger, every completed
 * operation's entries against its type and amount (a transfer's and a capture's two sides, a
 * deposit's and withdrawal's one, none for a hold, void, expiry or change of rules), no entry for
 * a rejected operation;
 * every wallet's held amount against its active holds, every hold against its placement and
 * capture, the debit counters against the ledger's debits of their day and month; every entry's
 * hash against its fields and the wallet's previous entry, every wallet's head against its last;
 * every entry's and operation's wallets (and an entry's operation) exist.
 * Read-only; safe to run against a live database.
 */
public final class LedgerAudit {

    private static final String BALANCES = """
            select w.wallet_id::text || ': balance ' || w.balance || ' but ledger sums to ' || coalesce(sum(e.delta), 0)
            from wallet w left join ledger_entry e on e.wallet_id = w.wallet_id
            group by w.wallet_id, w.balance
            having w.balance <> coalesce(sum(e.delta), 0)
            """;
    /**
     * Every completed operation has exactly the entries its type makes, each of the right amount on
     * the right wallet: a deposit one of +amount, a withdrawal one of −amount, a transfer and a
     * capture to another wallet −amount on the wallet and +amount on the target, a capture without
     * one −amount; a hold, void, expiry or change of rules none. So an entry deleted from either
     * side of a transfer or capture, or one added to any operation, is found even where the
     * wallet's own chain, head and balance were made to agree with the cut.
     */
    private static final String ENTRIES = """
            select o.operation_id::text || ': completed ' || o.type || coalesce(' of ' || o.amount, '') || ' has ' || count(e.entry_id)
                   || ' ledger entries summing to ' || coalesce(sum(e.delta), 0) || ' (it makes ' || x.entries || ')'
            from operation o
            cross join lateral (select case when o.type in ('DEPOSIT', 'WITHDRAW') then 1
                                            when o.type = 'TRANSFER' then 2
                                            when o.type = 'CAPTURE' then case when o.target_wallet_id is null then 1 else 2 end
                                            else 0 end as entries,
                                       case when o.type = 'DEPOSIT' then o.amount else -o.amount end as own_delta) x
            left join ledger_entry e on e.operation_id = o.operation_id
            where o.status = 'COMPLETED'
            group by o.operation_id, o.type, o.amount, o.wallet_id, o.target_wallet_id, x.entries, x.own_delta
            having count(e.entry_id) <> x.entries
                or count(e.entry_id) filter (where e.wallet_id = o.wallet_id and e.delta = x.own_delta) <> least(x.entries, 1)
                or count(e.entry_id) filter (where e.wallet_id = o.target_wallet_id and e.delta = o.amount) <> x.entries - least(x.entries, 1)
            """;
    private static final String REJECTED = """
            select o.operation_id::text || ': ' || lower(o.status) || ' ' || o.type || ' has ledger entries'
            from operation o join ledger_entry e on e.operation_id = o.operation_id
            where o.status in ('REJECTED', 'FAILED')
            group by o.operation_id, o.status, o.type
            """;

    /**
     * Every entry names a wallet and an operation that exist, and every operation its wallets,
     * whatever its outcome (the hot tables keep no foreign keys, migration V11: the batch checks
     * what they did; a rejection naming a wallet that never existed would show in the feed and in
     * the history of a wallet later opened under that id).
     */
    private static final String REFERENCES = """
            select 'entry ' || e.entry_id || ' of operation ' || e.operation_id || ' names '
                   || case when w.wallet_id is null then 'wallet ' || e.wallet_id else 'operation ' || e.operation_id end
                   || ', which does not exist'
            from ledger_entry e
            left join wallet w on w.wallet_id = e.wallet_id
            left join operation o on o.operation_id = e.operation_id
            where w.wallet_id is null or o.operation_id is null
            union all
            select o.operation_id::text || ': ' || lower(o.status) || ' ' || o.type || ' names wallet ' || m.wallet_id || ', which does not exist'
            from operation o
            cross join lateral (values (o.wallet_id), (o.target_wallet_id)) as m(wallet_id)
            where m.wallet_id is not null
              and not exists (select 1 from wallet w where w.wallet_id = m.wallet_id)
            """;

    /** A wallet's reserved amount is the sum of its active holds. */
    private static final String HELD = """
            select w.wallet_id::text || ': held ' || w.held_amount || ' but its active holds sum to ' || coalesce(sum(h.amount), 0)
            from wallet w left join hold h on h.wallet_id = w.wallet_id and h.status = 'ACTIVE'
            group by w.wallet_id, w.held_amount
            having w.held_amount <> coalesce(sum(h.amount), 0)
            """;
    /** A captured hold has exactly one completed capture of its captured amount; a placed one its placement. */
    private static final String HOLDS = """
            select h.hold_id::text || ': ' || lower(h.status) || ' hold of ' || h.amount || ' has ' || count(o.operation_id)
                   || ' completed captures, placement ' || coalesce(max(p.status), 'missing')
            from hold h
            left join operation p on p.operation_id = h.hold_id and p.type = 'HOLD'
            left join operation o on o.hold_id = h.hold_id and o.type = 'CAPTURE' and o.status = 'COMPLETED'
            group by h.hold_id, h.status, h.amount, h.captured_amount
            having coalesce(max(p.status), '') <> 'COMPLETED'
                or count(o.operation_id) <> case h.status when 'CAPTURED' then 1 else 0 end
                or (h.status = 'CAPTURED' and max(o.amount) <> h.captured_amount)
            """;
    /** The day's and month's debit counters equal the debits (negative entries) of the ledger in that period. */
    private static final String DEBIT_COUNTERS = """
            select w.wallet_id::text || ': debit counters ' || w.debit_day_total || ' on ' || w.debit_day || ' and '
                   || w.debit_month_total || ' in ' || to_char(w.debit_month, 'YYYY-MM') || ' but the ledger has '
                   || coalesce(-sum(e.delta) filter (where (e.created_at at time zone :zone)::date = w.debit_day), 0) || ' and '
                   || coalesce(-sum(e.delta) filter (where date_trunc('month', e.created_at at time zone :zone)::date = w.debit_month), 0)
            from wallet w left join ledger_entry e on e.wallet_id = w.wallet_id and e.delta < 0
            group by w.wallet_id, w.debit_day, w.debit_day_total, w.debit_month, w.debit_month_total
            having w.debit_day_total <> coalesce(-sum(e.delta) filter (where (e.created_at at time zone :zone)::date = w.debit_day), 0)
                or w.debit_month_total <> coalesce(-sum(e.delta) filter (where date_trunc('month', e.created_at at time zone :zone)::date = w.debit_month), 0)
            """;

    /**
     * Every entry's hash against its fields and its wallet's previous entry's stored hash (64 zeros
     * for the first): a changed amount or time, a deleted, inserted or re-ordered entry breaks a link.
     */
    private static final String CHAINS = """
            select c.wallet_id::text || ': entry ' || c.entry_id || ' of operation ' || c.operation_id || ' has hash ' || encode(c.hash, 'hex')
                   || ' but its fields and the previous entry give ' || encode(c.expected, 'hex')
            from (select e.entry_id, e.wallet_id, e.operation_id, e.hash,
                         sha256(convert_to(coalesce(encode(lag(e.hash) over w, 'hex'), repeat('0', 64)) || '|' || e.wallet_id || '|' || e.operation_id
                                || '|' || o.type || '|' || e.delta || '|' || e.balance_after || '|'
                                || to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'UTF8')) as expected
                  from ledger_entry e join operation o on o.operation_id = e.operation_id
                  window w as (partition by e.wallet_id order by e.entry_id)) c
            where c.hash <> c.expected
            """;
    /** The wallet's head is its last entry's hash (64 zeros without entries). */
    private static final String HEADS = """
            select w.wallet_id::text || ': head ' || encode(w.chain_head, 'hex') || ' but the last entry''s hash is '
                   || coalesce(encode(l.hash, 'hex'), repeat('0', 64))
            from wallet w left join lateral (select hash from ledger_entry e where e.wallet_id = w.wallet_id
                                             order by e.entry_id desc limit 1) l on true
            where w.chain_head <> coalesce(l.hash, decode(repeat('0', 64), 'hex'))
            """;

    private LedgerAudit() {
    }

    /** What the audit found, and how much it looked at. */
    public record Report(long wallets, long operations, List<String> problems) {
        public boolean passed() {
            return problems.isEmpty();
        }
    }

    /** The audit, with debit periods in UTC. */
    public static Report run(DataSource dataSource) {
        return run(dataSource, java.time.ZoneOffset.UTC);
    }

    /** The audit, with the calendar days and months of debit limits turning in {@code limitsZone}. */
    public static Report run(DataSource dataSource, java.time.ZoneId limitsZone) {
        Jdbi jdbi = Jdbi.create(dataSource);
        return jdbi.withHandle(handle -> {
            List<String> problems = new ArrayList<>();
            for (String check : List.of(BALANCES, ENTRIES, REJECTED, REFERENCES, HELD, HOLDS, CHAINS, HEADS)) {
                problems.addAll(handle.createQuery(check).mapTo(String.class).list());
            }
            problems.addAll(handle.createQuery(DEBIT_COUNTERS).bind("zone", postgresZone(limitsZone)).mapTo(String.class).list());
            long wallets = handle.createQuery("select count(*) from wallet").mapTo(Long.class).one();
            long operations = handle.createQuery("select count(*) from operation").mapTo(Long.class).one();
            return new Report(wallets, operations, problems);
        });
    }

    /**
     * The zone as PostgreSQL's {@code AT TIME ZONE} reads it the way java.time does. A region
     * (Europe/Moscow) is the same name to both; a fixed offset is not: PostgreSQL reads '+03:00' or
     * 'UTC+3' as a POSIX zone, where east of Greenwich is negative, so it is written out the POSIX
     * way, sign turned ('<+0300>-03:00:00' is three hours east).
     */
    static String postgresZone(java.time.ZoneId zone) {
        if (!(zone.normalized() instanceof java.time.ZoneOffset offset)) {
            return zone.getId();
        }
        int seconds = offset.getTotalSeconds();
        int east = Math.abs(seconds);
        String name = (seconds < 0 ? "-" : "+") + String.format("%02d%02d%02d", east / 3600, east / 60 % 60, east % 60);
        return "<" + name + ">" + (seconds < 0 ? "+" : "-") + String.format("%02d:%02d:%02d", east / 3600, east / 60 % 60, east % 60);
    }
}
