-- Deliveries a platform may send more than once: the first process to claim a key runs it
-- (see ../003_slack_deliveries.sql).

CREATE TABLE deliveries (
    key        text   COLLATE "C" PRIMARY KEY,
    expires_at bigint NOT NULL
);

CREATE INDEX deliveries_expiry ON deliveries (expires_at);
