package io.github.wallet.adapter.out.postgres;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * Checks the books: every wallet's balance against the sum of its ledger, every transfer's two
 * sides, every completed deposit and withdrawal's one entry, no entry for a rejected operation.
 * Read-only; safe to run against a live database.
 */
public final class LedgerAudit {

    private static final String BALANCES = """
            select w.wallet_id::text || ': balance ' || w.balance || ' but ledger sums to ' || coalesce(sum(e.delta), 0)
            from wallet w left join ledger_entry e on e.wallet_id = w.wallet_id
            group by w.wallet_id, w.balance
            having w.balance <> coalesce(sum(e.delta), 0)
            """;
    private static final String TRANSFERS = """
            select o.operation_id::text || ': completed transfer of ' || o.amount || ' has ' || count(e.entry_id)
                   || ' ledger entries summing to ' || coalesce(sum(e.delta), 0)
            from operation o left join ledger_entry e on e.operation_id = o.operation_id
            where o.type = 'TRANSFER' and o.status = 'COMPLETED'
            group by o.operation_id, o.amount
            having count(e.entry_id) <> 2 or coalesce(sum(e.delta), 0) <> 0
                or bool_or(e.wallet_id = o.wallet_id and e.delta <> -o.amount)
                or bool_or(e.wallet_id = o.target_wallet_id and e.delta <> o.amount)
            """;
    private static final String SINGLE_SIDED = """
            select o.operation_id::text || ': completed ' || o.type || ' of ' || o.amount || ' has ' || count(e.entry_id)
                   || ' ledger entries summing to ' || coalesce(sum(e.delta), 0)
            from operation o left join ledger_entry e on e.operation_id = o.operation_id
            where o.type in ('DEPOSIT', 'WITHDRAW') and o.status = 'COMPLETED'
            group by o.operation_id, o.type, o.amount
            having count(e.entry_id) <> 1
                or coalesce(sum(e.delta), 0) <> case o.type when 'DEPOSIT' then o.amount else -o.amount end
            """;
    private static final String REJECTED = """
            select o.operation_id::text || ': ' || lower(o.status) || ' ' || o.type || ' has ledger entries'
            from operation o join ledger_entry e on e.operation_id = o.operation_id
            where o.status in ('REJECTED', 'FAILED')
            group by o.operation_id, o.status, o.type
            """;

    private LedgerAudit() {
    }

    /** What the audit found, and how much it looked at. */
    public record Report(long wallets, long operations, List<String> problems) {
        public boolean passed() {
            return problems.isEmpty();
        }
    }

    public static Report run(DataSource dataSource) {
        Jdbi jdbi = Jdbi.create(dataSource);
        return jdbi.withHandle(handle -> {
            List<String> problems = new ArrayList<>();
            for (String check : List.of(BALANCES, TRANSFERS, SINGLE_SIDED, REJECTED)) {
                problems.addAll(handle.createQuery(check).mapTo(String.class).list());
            }
            long wallets = handle.createQuery("select count(*) from wallet").mapTo(Long.class).one();
            long operations = handle.createQuery("select count(*) from operation").mapTo(Long.class).one();
            return new Report(wallets, operations, problems);
        });
    }
}
