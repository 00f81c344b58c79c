-- studybot's first schema. Datetimes are integer microseconds since the Unix epoch, UTC:
-- they sort and compare as numbers and come back as aware datetimes. Platform ids are text.

PRAGMA application_id = 1400140100;

-- A Discord guild, a Slack workspace or a console session.
CREATE TABLE communities (
    id              INTEGER PRIMARY KEY,
    platform        TEXT    NOT NULL,
    external_id     TEXT    NOT NULL,
    timezone        TEXT    NOT NULL DEFAULT 'UTC',
    instructor_role TEXT,
    settings        TEXT    NOT NULL DEFAULT '{}',  -- JSON object
    created_at      INTEGER NOT NULL,
    UNIQUE (platform, external_id)
);

CREATE TABLE members (
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    user_id      TEXT    NOT NULL,
    display_name TEXT    NOT NULL,
    PRIMARY KEY (community_id, user_id)
) WITHOUT ROWID;

CREATE TABLE rounds (
    id                 INTEGER PRIMARY KEY,
    community_id       INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    channel_id         TEXT    NOT NULL,
    kind               TEXT    NOT NULL CHECK (kind IN ('live', 'weekly', 'practice')),
    question_ids       TEXT    NOT NULL,  -- JSON array, in the order asked
    started_by         TEXT    NOT NULL,
    opens_at           INTEGER NOT NULL,
    closes_at          INTEGER,
    status             TEXT    NOT NULL DEFAULT 'open'
                               CHECK (status IN ('open', 'closed', 'stopped')),
    position           INTEGER NOT NULL DEFAULT 0,
    question_closes_at INTEGER,
    seconds            INTEGER NOT NULL DEFAULT 0,
    options            TEXT    NOT NULL DEFAULT '{}'  -- JSON object
);

-- Two live quizzes in one channel would talk over each other: the database refuses the second.
CREATE UNIQUE INDEX rounds_one_open_live_per_channel
    ON rounds (community_id, channel_id) WHERE status = 'open' AND kind = 'live';
CREATE INDEX rounds_open ON rounds (community_id, kind, channel_id) WHERE status = 'open';

-- The platform message showing each question of a round, so its reveal can edit it.
CREATE TABLE round_messages (
    round_id    INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    message_ref TEXT    NOT NULL,
    PRIMARY KEY (round_id, position)
) WITHOUT ROWID;

CREATE TABLE answers (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    question_id  TEXT    NOT NULL,
    community_id INTEGER NOT NULL,
    user_id      TEXT    NOT NULL,
    response     TEXT    NOT NULL,
    correct      INTEGER NOT NULL CHECK (correct IN (0, 1)),
    points       INTEGER NOT NULL,
    -- 0 for practice rounds, copied from the round when the answer is written, so scores
    -- never need a join and practice can never leak into them.
    scored       INTEGER NOT NULL CHECK (scored IN (0, 1)),
    answered_at  INTEGER NOT NULL,
    UNIQUE (round_id, question_id, user_id),
    FOREIGN KEY (community_id, user_id) REFERENCES members (community_id, user_id)
);

-- Scores by member (all-time leaderboard, a member's stats and streaks) and by time (this week).
CREATE INDEX answers_scored_by_member
    ON answers (community_id, user_id, answered_at, points, correct) WHERE scored = 1;
CREATE INDEX answers_scored_by_time
    ON answers (community_id, answered_at, user_id, points, correct) WHERE scored = 1;

-- Leitner boxes for spaced repetition: one row per member and question.
CREATE TABLE reviews (
    community_id INTEGER NOT NULL,
    user_id      TEXT    NOT NULL,
    question_id  TEXT    NOT NULL,
    box          INTEGER NOT NULL CHECK (box >= 1),
    due_at       INTEGER NOT NULL,
    reviewed_at  INTEGER NOT NULL,
    PRIMARY KEY (community_id, user_id, question_id),
    FOREIGN KEY (community_id, user_id) REFERENCES members (community_id, user_id)
        ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX reviews_due ON reviews (community_id, user_id, due_at);

CREATE TABLE schedules (
    id           INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    channel_id   TEXT    NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('onthisdate', 'weekly-quiz', 'prompt')),
    weekday      INTEGER CHECK (weekday BETWEEN 0 AND 6),  -- 0 = Monday; NULL = every day
    local_time   TEXT    NOT NULL,  -- HH:MM in `timezone`
    timezone     TEXT    NOT NULL,
    options      TEXT    NOT NULL DEFAULT '{}',
    enabled      INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_at   INTEGER NOT NULL
);

-- One post per schedule and period ("2026-02-24", "2026-W09"), whichever process claims it first.
CREATE TABLE post_log (
    schedule_id INTEGER NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    period      TEXT    NOT NULL,
    claimed_at  INTEGER NOT NULL,
    PRIMARY KEY (schedule_id, period)
) WITHOUT ROWID;

-- Discussion prompts a channel has seen, with the last time each was posted.
CREATE TABLE posted_prompts (
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    channel_id   TEXT    NOT NULL,
    prompt_id    TEXT    NOT NULL,
    posted_at    INTEGER NOT NULL,
    PRIMARY KEY (community_id, channel_id, prompt_id)
) WITHOUT ROWID;
