-- The hash chain's hashes as their 32 bytes instead of 64 hex characters (CONTRACT.md §10 shows
-- them as hex; the store converts): a ledger entry and an operation row are each 32 bytes
-- smaller, which the hot path writes (and logs in the WAL) once per operation.
alter table ledger_entry alter column hash type bytea using decode(hash, 'hex');
alter table wallet alter column chain_head drop default;
alter table wallet alter column chain_head type bytea using decode(chain_head, 'hex');
alter table wallet alter column chain_head set default decode(repeat('0', 64), 'hex');
alter table operation
    alter column entry_hash type bytea using decode(entry_hash, 'hex'),
    alter column target_entry_hash type bytea using decode(target_entry_hash, 'hex');
