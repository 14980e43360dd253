-- POST /api/v1/webhooks honours Idempotency-Key as every POST does (CONTRACT.md §3): a registration's
-- key and what it asked for are kept on its webhook, so a retry answers that webhook and a key reused
-- for another registration is refused. Only keyed registrations are in the index.
alter table webhook add column idempotency_key varchar(255), add column request_fingerprint text;
create unique index webhook_idempotency_key on webhook (idempotency_key) where idempotency_key is not null;
