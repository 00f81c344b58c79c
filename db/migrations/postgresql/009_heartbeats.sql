-- Each bot process's last heartbeat, as in ../009_heartbeats.sql.

CREATE TABLE heartbeats (
    host    text   COLLATE "C" NOT NULL,
    process text   COLLATE "C" NOT NULL,
    beat_at bigint NOT NULL,
    PRIMARY KEY (host, process)
);
