-- The feed reads the operation rows themselves (CONTRACT.md §9). V5 kept a separate outbox row per
-- operation and gave each its place by updating it after commit: an insert, an update and five
-- index entries per operation, the hot path's largest cost. An operation row already is the
-- event's record (written in the deciding statement: no event without its commit); it only lacks
-- each wallet's balances right after it, kept here. An event's position is its operation's seq.
--
-- A plain sequence is not yet a gap-free feed: a lower seq can commit after a higher one. So the
-- feed ends at `published`, moved on by the sequencer (PostgresWalletStore.sequence) only past
-- seqs no transaction can still commit: readers never read beyond it, so nothing appears below
-- a position a reader has passed.
alter table operation
    add column wallet_balance   bigint,
    add column wallet_available bigint,
    add column target_balance   bigint,
    add column target_available bigint;

-- History keeps its events: each event's balances move to its operation row.
update operation o set
    wallet_balance   = case when e.wallet_id = o.wallet_id then e.balance end,
    wallet_available = case when e.wallet_id = o.wallet_id then e.available end,
    target_balance   = case when e.wallet2_id is not null then e.balance2 when e.wallet_id <> o.wallet_id then e.balance end,
    target_available = case when e.wallet2_id is not null then e.available2 when e.wallet_id <> o.wallet_id then e.available end
from event e
where e.operation_id = o.operation_id;

-- The feed's end, and the next end waiting for the transactions that were running when it was
-- taken (their ids, as pg_stat_activity shows them) to be over. One row.
create table feed_state (
    one_row      boolean primary key default true check (one_row),
    published    bigint  not null,
    pending_seq  bigint,
    pending_xids text[]
);
insert into feed_state (published) select coalesce(max(seq), 0) from operation;

-- A webhook's place was an outbox position; it becomes the seq just below the first event it had
-- not delivered (so nothing is skipped; an event may be delivered again, which at-least-once allows).
update webhook w set position = coalesce(
    (select min(o.seq) - 1 from event e join operation o on o.operation_id = e.operation_id
     where e.position > w.position or e.position is null),
    (select coalesce(max(seq), 0) from operation));

drop table event;
