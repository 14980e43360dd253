-- Webhooks (CONTRACT.md §9): subscriptions to the event feed, delivered at least once, in feed
-- order, one event at a time per subscription (so per wallet in commit order), by one instance at
-- a time (the lease), with a log of every attempt.
create table webhook (
    webhook_id           uuid        primary key,
    url                  text        not null,
    event_types          text[]      not null,
    wallet_ids           uuid[]      not null,
    secret               text        not null,
    status               varchar(8)  not null check (status in ('ENABLED', 'DISABLED')),
    created_at           timestamptz not null,
    -- The feed position delivered (or given up) up to: the next event to deliver is after it.
    position             bigint      not null,
    consecutive_failures int         not null default 0,
    lease_owner          text,
    lease_until          timestamptz
);

create table webhook_delivery (
    webhook_id      uuid        not null references webhook on delete cascade,
    position        bigint      not null,
    attempt         int         not null,
    event_id        uuid        not null,
    status          varchar(9)  not null check (status in ('SUCCEEDED', 'FAILED', 'PENDING')),
    response_status int,
    error           text,
    attempted_at    timestamptz not null,
    next_attempt_at timestamptz,
    primary key (webhook_id, position, attempt)
);
