-- Each community's question bank: what students reported, what instructors decided, and the
-- questions instructors wrote themselves.

-- A student's report on a question. Open (resolved_at NULL) until an instructor restores or
-- retires the question; while open, the question is not drawn in that community.
CREATE TABLE question_reports (
    id           INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    question_id  TEXT    NOT NULL,
    user_id      TEXT    NOT NULL,
    reason       TEXT    NOT NULL DEFAULT '',
    reported_at  INTEGER NOT NULL,
    resolved_at  INTEGER
);
-- One open report per member and question: a second click changes nothing.
CREATE UNIQUE INDEX question_reports_open
    ON question_reports (community_id, question_id, user_id) WHERE resolved_at IS NULL;

-- An instructor's word on a question, the latest one standing: 'retired' is never drawn
-- there; 'restored' is drawn again, even one the build withheld for quality.
CREATE TABLE question_decisions (
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    question_id  TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('retired', 'restored')),
    decided_by   TEXT    NOT NULL,
    decided_at   INTEGER NOT NULL,
    PRIMARY KEY (community_id, question_id)
) WITHOUT ROWID;

-- Questions an instructor wrote (/questions add), checked against a passage when added.
CREATE TABLE added_questions (
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    question_id  TEXT    NOT NULL,
    question     TEXT    NOT NULL,  -- JSON object: the content file's question fields
    added_by     TEXT    NOT NULL,
    added_at     INTEGER NOT NULL,
    PRIMARY KEY (community_id, question_id)
) WITHOUT ROWID;

-- When instructors were last told that reports are waiting: at most once a day.
CREATE TABLE report_notices (
    community_id INTEGER PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE,
    notified_at  INTEGER NOT NULL
);

-- Per-question stats of scored answers (times asked, share right) read from the index alone;
-- `scored` is repeated inside, as in 002, so SQLite needs nothing but the index.
CREATE INDEX answers_by_question
    ON answers (community_id, question_id, correct, scored) WHERE scored = 1;
