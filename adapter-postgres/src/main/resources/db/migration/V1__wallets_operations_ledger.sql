-- Wallets hold a balance in minor units; the CHECK is the last line of defence behind the domain.
create table wallet (
    wallet_id           uuid         primary key,
    currency            char(3)      not null check (currency ~ '^[A-Z]{3}$'),
    balance             bigint       not null default 0 constraint wallet_balance_not_negative check (balance >= 0),
    created_at          timestamptz  not null,
    updated_at          timestamptz  not null,
    -- Creation through an Idempotency-Key: the key and what the request asked for.
    idempotency_key     varchar(255) unique,
    request_fingerprint text
);

-- Every decided operation, with its outcome. Pending ones live in the queue, not here.
create table operation (
    -- The position in history: assigned in commit order, so "newest first" is "seq descending".
    seq                 bigint       generated always as identity unique,
    operation_id        uuid         primary key,
    type                varchar(8)   not null check (type in ('DEPOSIT', 'WITHDRAW', 'TRANSFER')),
    wallet_id           uuid         not null references wallet,
    target_wallet_id    uuid         references wallet,
    amount              bigint       not null check (amount between 1 and 1000000000000000),
    status              varchar(9)   not null check (status in ('COMPLETED', 'REJECTED')),
    rejection_code      varchar(32),
    balance_after       bigint       check (balance_after >= 0),
    idempotency_key     varchar(255) unique,
    request_fingerprint text         not null,
    created_at          timestamptz  not null,
    completed_at        timestamptz  not null,
    check ((type = 'TRANSFER') = (target_wallet_id is not null)),
    check ((status = 'REJECTED') = (rejection_code is not null)),
    check ((status = 'COMPLETED') = (balance_after is not null))
);

create index operation_wallet_history on operation (wallet_id, seq desc);
create index operation_target_history on operation (target_wallet_id, seq desc) where target_wallet_id is not null;

-- The ledger: a wallet's balance is always the sum of its entries' delta.
create table ledger_entry (
    entry_id      bigint      generated always as identity primary key,
    wallet_id     uuid        not null references wallet,
    operation_id  uuid        not null references operation,
    delta         bigint      not null check (delta <> 0),
    balance_after bigint      not null check (balance_after >= 0),
    created_at    timestamptz not null
);

create index ledger_entry_wallet on ledger_entry (wallet_id, entry_id);
