-- The foreign keys of the two tables every write inserts into (operation → wallet twice,
-- ledger_entry → wallet and → operation) ran one trigger per inserted row, each a look-up of the
-- referenced row under a KEY SHARE lock: three per deposit, about a quarter of PostgreSQL's CPU
-- per operation on the hot path (58 → 43 µs measured). They checked what the batch already holds:
-- it locks every wallet it writes for before it decides (a missing one is a WALLET_NOT_FOUND
-- rejection, with no entry), and an entry is written by the statement that writes its operation.
--
-- What the keys also did, refuse to remove a wallet or an operation something points at, the
-- statement triggers below keep, for every row. `audit` checks that every entry names a wallet
-- and an operation that exist, and every operation its wallets (LedgerAudit.REFERENCES). The hold
-- table's keys stay: holds are few and not the hot path. On a live database this takes brief
-- exclusive locks on wallet, operation and ledger_entry: run `migrate` in a quiet moment.
alter table operation drop constraint operation_wallet_id_fkey;
alter table operation drop constraint operation_target_wallet_id_fkey;
alter table ledger_entry drop constraint ledger_entry_wallet_id_fkey;
alter table ledger_entry drop constraint ledger_entry_operation_id_fkey;

create function refuse_removal() returns trigger language plpgsql as $$
begin
    raise exception using errcode = 'restrict_violation',
        message = format('%s rows are never removed: the ledger and its history point at them', tg_table_name);
end $$;

create trigger wallet_never_removed before delete or truncate on wallet
    for each statement execute function refuse_removal();
create trigger operation_never_removed before delete or truncate on operation
    for each statement execute function refuse_removal();
