-- The event feed (CONTRACT.md §9): a transactional outbox. Each decided operation writes its event
-- in the statement that writes the operation. An event gets its place in the feed (position) only
-- after it is committed, from the sequencer, which runs one at a time (an advisory lock) and
-- numbers what it sees committed above everything numbered before: so an event that commits late
-- (a slow shard) is placed after what readers have passed, never below it. seq only orders events
-- waiting for their place (write order, which per wallet is commit order: the row lock).
create table event (
    -- No key of its own: one event per operation row, whose key already says "once"; one index
    -- less to write per operation.
    operation_id uuid        not null,
    seq          bigint      generated always as identity,
    position     bigint,
    type         varchar(20) not null check (type in ('operation.completed', 'operation.rejected')),
    occurred_at  timestamptz not null,
    wallet_id    uuid        not null,
    balance      bigint      not null,
    available    bigint      not null,
    wallet2_id   uuid,
    balance2     bigint,
    available2   bigint
);

-- Waiting for a place, in write order: what the sequencer takes.
create index event_unplaced on event (seq) where position is null;
-- The feed, and a wallet's part of it (either side of a transfer).
create unique index event_position on event (position) where position is not null;
create index event_wallet on event (wallet_id, position) where position is not null;
create index event_wallet2 on event (wallet2_id, position) where position is not null and wallet2_id is not null;
