-- How many batches have written the wallet: the write statement adds one each time, and the
-- planner knows the same number (it read the row under lock). A process that keeps balances in
-- memory (WalletQueryService) orders two snapshots of a wallet by it, so an older balance never
-- replaces a newer one. A constant default makes this a catalogue change, not a table rewrite.
alter table wallet add column version bigint not null default 0;
