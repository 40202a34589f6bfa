-- Every stored row takes a number from feed_seq, and with a cache of 1 each nextval locks and updates the sequence
-- (a WAL record every 32 numbers). Each session now takes 1,000 numbers at once. The feed stays gapless in the sense
-- that matters: it orders by (xact_id, seq) and serves a transaction's rows only once that transaction has finished
-- (FeedService), so seq only has to be unique, which cached numbers are; numbers a session took but did not use are
-- skipped, as numbers of rolled-back transactions always were.
alter sequence feed_seq cache 1000;
