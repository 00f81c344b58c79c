-- Each community's own readings, the content built from them, and each build's report.

-- A file or link an instructor added. The file itself lives under the data folder, named by
-- its sha256 (`stored`, e.g. "readings/3f…9a.pdf"); the row keeps what the instructor gave.
CREATE TABLE readings (
    id           INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,  -- the file name, or the link, as given
    source       TEXT    NOT NULL DEFAULT '',  -- the link it was fetched from; '' for an upload
    sha256       TEXT    NOT NULL,
    stored       TEXT    NOT NULL,  -- path under the data folder
    added_by     TEXT    NOT NULL,
    added_at     INTEGER NOT NULL,
    removed_at   INTEGER  -- kept for the record; no longer built from
);
CREATE UNIQUE INDEX readings_once ON readings (community_id, sha256) WHERE removed_at IS NULL;

-- A build of a community's readings: running, then done (its content in `studyset`) or failed
-- (`report` says why). The community serves the version `communities.content_version` names:
-- swapping it is one UPDATE, so a reader sees the old content or the new, never a mix.
CREATE TABLE content_versions (
    id           INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    status       TEXT    NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    started_by   TEXT    NOT NULL,
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER,
    report       TEXT    NOT NULL DEFAULT '',  -- the summary shown, or why it failed
    studyset     TEXT  -- the content file's JSON, once done
);
-- One build at a time per community.
CREATE UNIQUE INDEX content_versions_one_running
    ON content_versions (community_id) WHERE status = 'running';

-- NULL: the bundled readings. Deferred: `db copy` writes communities before the versions
-- they point at (content_versions point back at their community).
ALTER TABLE communities ADD COLUMN content_version INTEGER
    REFERENCES content_versions (id) DEFERRABLE INITIALLY DEFERRED;
