-- A balance may go down to -overdraft_limit, and an overdraft limit may be as large as a long
-- (CONTRACT.md §8), so -9223372036854775807 is a balance the domain allows; V3's check refused
-- exactly that one value, so the operation reaching it was kept as FAILED. The check still keeps
-- out the one long below it (-2^63, which has no positive counterpart). One statement: the wallet
-- table is scanned once, under its lock, at the upgrade.
alter table wallet
    drop constraint wallet_balance_not_below_any_floor,
    add constraint wallet_balance_not_below_any_floor check (balance >= -9223372036854775807);
