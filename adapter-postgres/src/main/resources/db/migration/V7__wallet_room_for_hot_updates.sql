-- A hot wallet's row is rewritten by every batch. Leaving half of each page free lets PostgreSQL
-- put the new version beside the old one (a HOT update: no new index entries), which the wider
-- row of holds, limits and the chain head made rarer; otherwise every batch adds entries to the
-- wallet's indexes, and locking the row walks ever more dead ones until vacuum catches up.
alter table wallet set (fillfactor = 50);
