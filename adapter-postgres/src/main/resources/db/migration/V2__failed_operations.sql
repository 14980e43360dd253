-- An operation the store refused to keep as decided (a constraint, a value it cannot hold) is
-- kept as FAILED with the reason, so it has an answer and its shard goes on (see BatchCommitter).
alter table operation drop constraint operation_status_check;
alter table operation add constraint operation_status_check check (status in ('COMPLETED', 'REJECTED', 'FAILED'));
alter table operation add column failure_reason text;
alter table operation add constraint operation_failure_reason_check check ((status = 'FAILED') = (failure_reason is not null));
