-- A ledger you can prove (CONTRACT.md §10). Each entry's hash links it to its wallet's previous
-- entry; the wallet keeps the head; each operation row keeps the hashes of the entries it made, so
-- history shows them without a join. The core computes them (EntryChain); nothing here decides.
alter table ledger_entry add column hash char(64);
alter table wallet add column chain_head char(64) not null default repeat('0', 64);
alter table operation add column entry_hash char(64), add column target_entry_hash char(64);

-- Entries written before this migration are chained now, in each wallet's order, exactly as the
-- core would have: sha256 of previous|walletId|operationId|type|delta|balanceAfter|decidedAt.
do $$
declare
    r record;
    previous text := repeat('0', 64);
    chained_wallet uuid;
begin
    for r in select e.entry_id, e.wallet_id, e.operation_id, o.type, o.wallet_id as operation_wallet, e.delta, e.balance_after, e.created_at
             from ledger_entry e join operation o on o.operation_id = e.operation_id
             order by e.wallet_id, e.entry_id loop
        if chained_wallet is distinct from r.wallet_id then
            if chained_wallet is not null then
                update wallet set chain_head = previous where wallet_id = chained_wallet;
            end if;
            chained_wallet := r.wallet_id;
            previous := repeat('0', 64);
        end if;
        previous := encode(sha256(convert_to(previous || '|' || r.wallet_id || '|' || r.operation_id || '|' || r.type || '|' || r.delta
                || '|' || r.balance_after || '|' || to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'UTF8')), 'hex');
        update ledger_entry set hash = previous where entry_id = r.entry_id;
        if r.wallet_id = r.operation_wallet then
            update operation set entry_hash = previous where operation_id = r.operation_id;
        else
            update operation set target_entry_hash = previous where operation_id = r.operation_id;
        end if;
    end loop;
    if chained_wallet is not null then
        update wallet set chain_head = previous where wallet_id = chained_wallet;
    end if;
end $$;

alter table ledger_entry alter column hash set not null;
