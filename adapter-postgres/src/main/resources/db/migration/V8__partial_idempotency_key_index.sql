-- Most writes carry no Idempotency-Key, and a unique index keeps an entry for every row, NULL keys
-- included: one index insertion per unkeyed operation that checks nothing. A partial index keeps
-- only real keys; it still refuses a key stored twice (the batch's redelivery check relies on
-- that, SQLSTATE 23505), and the key look-ups (idempotency_key = any(...)) use it.
-- On a large table this builds the index under a lock that holds writes back until it is done.
create unique index operation_idempotency_key on operation (idempotency_key) where idempotency_key is not null;
alter table operation drop constraint operation_idempotency_key_key;
