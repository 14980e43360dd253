-- Holds, limits and frozen wallets (CONTRACT.md §7, §8). The domain decides every rule; these
-- columns keep its state and the constraints are the last line of defence behind it.

-- A wallet's rules, its reserved amount and its debit counters (O(1) limit checks).
alter table wallet
    add column held_amount         bigint     not null default 0 check (held_amount >= 0),
    add column overdraft_limit     bigint     not null default 0 check (overdraft_limit >= 0),
    add column max_balance         bigint     check (max_balance >= 0),
    add column max_debit_per_day   bigint     check (max_debit_per_day >= 0),
    add column max_debit_per_month bigint     check (max_debit_per_month >= 0),
    add column status              varchar(6) not null default 'ACTIVE' check (status in ('ACTIVE', 'FROZEN')),
    add column debit_day           date       not null default '1970-01-01',
    add column debit_day_total     bigint     not null default 0 check (debit_day_total >= 0),
    add column debit_month         date       not null default '1970-01-01',
    add column debit_month_total   bigint     not null default 0 check (debit_month_total >= 0);

-- The floor is -overdraft_limit now. A lowered overdraft may leave a balance under the new floor
-- (allowed: it only blocks further debits), so a plain CHECK cannot say it; the trigger refuses
-- a balance that goes DOWN below the floor, as a check violation (the batch commit keeps such an
-- operation as FAILED, see BatchCommitter).
alter table wallet drop constraint wallet_balance_not_negative;
alter table wallet add constraint wallet_balance_not_below_any_floor check (balance > -9223372036854775807);

create function wallet_balance_floor() returns trigger language plpgsql as $$
begin
    if new.balance < -new.overdraft_limit and new.balance < old.balance then
        raise exception using errcode = 'check_violation',
            message = format('balance of wallet %s would go down to %s, below its floor of %s', new.wallet_id, new.balance, -new.overdraft_limit),
            constraint = 'wallet_balance_floor';
    end if;
    return new;
end $$;

create trigger wallet_balance_floor before update of balance on wallet
    for each row when (new.balance < 0) execute function wallet_balance_floor();

-- Operations: the new types, and what they carry. One CHECK says which fields each type names
-- (it replaces the type list and the transfer's target check): one expression per inserted row
-- rather than one constraint per field keeps the hot path's insert as cheap as before.
alter table operation alter column type type varchar(10);
alter table operation alter column amount drop not null;
alter table operation drop constraint operation_type_check;
alter table operation drop constraint operation_check;
alter table operation drop constraint operation_balance_after_check;
alter table operation
    add column hold_id             uuid,
    add column expires_at          timestamptz,
    add column limit_overdraft     bigint,
    add column limit_max_balance   bigint,
    add column limit_max_day       bigint,
    add column limit_max_month     bigint,
    add column set_status          varchar(6);
alter table operation add constraint operation_fields_by_type check (case type
    when 'DEPOSIT'    then amount is not null
    when 'WITHDRAW'   then amount is not null
    when 'TRANSFER'   then amount is not null and target_wallet_id is not null
    when 'HOLD'       then amount is not null and hold_id is not null and expires_at is not null
    when 'CAPTURE'    then hold_id is not null
    when 'VOID'       then hold_id is not null
    when 'EXPIRE'     then hold_id is not null
    when 'SET_LIMITS' then limit_overdraft is not null
    when 'SET_STATUS' then set_status is not null
    else false end);

alter table ledger_entry drop constraint ledger_entry_balance_after_check;

-- Placed holds. A placement refused by the ledger has no row (its operation says why).
create table hold (
    hold_id         uuid        primary key,
    wallet_id       uuid        not null references wallet,
    to_wallet_id    uuid        references wallet,
    amount          bigint      not null check (amount between 1 and 1000000000000000),
    captured_amount bigint      not null default 0 check (captured_amount between 0 and amount),
    status          varchar(8)  not null check (status in ('ACTIVE', 'CAPTURED', 'VOIDED', 'EXPIRED')),
    expires_at      timestamptz not null,
    created_at      timestamptz not null,
    settled_at      timestamptz,
    check ((status = 'ACTIVE') = (settled_at is null))
);

-- A wallet's holds, newest first (hold ids are time-ordered).
create index hold_wallet on hold (wallet_id, hold_id desc);
-- The expiry scan: only active holds, by when they are due.
create index hold_due on hold (expires_at) where status = 'ACTIVE';
