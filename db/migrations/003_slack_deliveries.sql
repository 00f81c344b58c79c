-- Deliveries a platform may send more than once (Slack retries a request it thinks went
-- unanswered, and a captured request can be replayed): the first process to claim a key runs it.
-- Kept in the store, not in memory, so a restart or a second process does not run it again; a
-- key is kept until it expires, long after the platform would still send it.

CREATE TABLE deliveries (
    key        TEXT    PRIMARY KEY,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX deliveries_expiry ON deliveries (expires_at);
