-- State that must survive a crash or a restart, and rules the database now enforces itself.

-- Rounds are numbered per community and kind ("Live round 1" is the community's first live
-- round, whatever practice sessions came before); ids stay global.
ALTER TABLE rounds ADD COLUMN number INTEGER NOT NULL DEFAULT 0;
UPDATE rounds SET number = numbered.n FROM (
    SELECT id, row_number() OVER (PARTITION BY community_id, kind ORDER BY id) AS n FROM rounds
) AS numbered WHERE numbered.id = rounds.id;

-- Live rounds move on only after each post is recorded. While a process is posting for a round
-- it holds the round (step_claimed_at); a holder killed mid-post is taken over once the claim
-- is stale. stopped_by: /quiz stop was asked, the wrap-up posts may still be pending.
ALTER TABLE rounds ADD COLUMN step_claimed_at INTEGER;
ALTER TABLE rounds ADD COLUMN stopped_by TEXT;

-- At most one open weekly quiz per community (older files may hold more: keep the newest).
UPDATE rounds SET status = 'closed'
WHERE kind = 'weekly' AND status = 'open' AND id NOT IN (
    SELECT max(id) FROM rounds WHERE kind = 'weekly' AND status = 'open' GROUP BY community_id
);
CREATE UNIQUE INDEX rounds_one_open_weekly_per_community
    ON rounds (community_id) WHERE status = 'open' AND kind = 'weekly';

-- The question a member was shown last (privately), or the channel last saw (live), so a typed
-- answer reaches it after a restart or in another process. The newest `seq` wins.
CREATE TABLE last_shown (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    audience     TEXT    NOT NULL CHECK (audience IN ('member', 'channel')),
    target       TEXT    NOT NULL,  -- the member's user id or the channel id
    round_id     INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    question_id  TEXT    NOT NULL,
    UNIQUE (community_id, audience, target)
);

-- A claimed post is marked sent after it was sent; one claimed but never confirmed (the process
-- died in between) is tried once more. Posts logged before this migration count as sent.
ALTER TABLE post_log ADD COLUMN sent_at INTEGER;
ALTER TABLE post_log ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
UPDATE post_log SET sent_at = claimed_at;

-- Identical schedules would post everything twice: keep the oldest of each, refuse new ones.
DELETE FROM schedules WHERE id NOT IN (
    SELECT min(id) FROM schedules
    GROUP BY community_id, channel_id, kind, coalesce(weekday, -1), local_time, timezone, options
);
CREATE UNIQUE INDEX schedules_distinct ON schedules (
    community_id, channel_id, kind, coalesce(weekday, -1), local_time, timezone, options
);
