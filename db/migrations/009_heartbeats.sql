-- Each bot process's last heartbeat, kept where every process sharing the database can read it:
-- `studybot health` on one machine then reports the processes on the others too. A process is
-- named by its machine (host name; a container's id in Docker) and its part (its shards).

CREATE TABLE heartbeats (
    host    TEXT    NOT NULL,
    process TEXT    NOT NULL,
    beat_at INTEGER NOT NULL,
    PRIMARY KEY (host, process)
) WITHOUT ROWID;
