-- Week and round leaderboards without summing every answer: at 1,000,000 answers a busy week or
-- a weekly quiz holds 20,000 of them, about 20 ms to add up where a leaderboard may take 10.
-- As score_totals (002) keeps all-time totals, two tables keep smaller ones, changed by triggers
-- inside the very statement that changes an answer (`studybot db check` recomputes them):
--   round_totals: a member's scored answers in one round;
--   score_quarters: a member's scored answers in one quarter hour (answered_at / 900 s, UTC).
-- A week in any community's zone starts on a quarter hour (every zone's offset today is a whole
-- number of quarter hours), so its leaderboard adds up the week's quarters: a member answering
-- a quiz in one sitting has one row there, not one per answer.

CREATE TABLE round_totals (
    round_id     INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    user_id      TEXT    NOT NULL,
    points       INTEGER NOT NULL,
    correct      INTEGER NOT NULL,
    answered     INTEGER NOT NULL,
    PRIMARY KEY (round_id, user_id)
) WITHOUT ROWID;

-- Rows in leaderboard order, so a round's top ten are read straight off the index.
CREATE INDEX round_totals_ranking
    ON round_totals (round_id, points DESC, correct DESC, answered, user_id);

CREATE TABLE score_quarters (
    community_id INTEGER NOT NULL,
    quarter      INTEGER NOT NULL,
    user_id      TEXT    NOT NULL,
    points       INTEGER NOT NULL,
    correct      INTEGER NOT NULL,
    answered     INTEGER NOT NULL,
    PRIMARY KEY (community_id, quarter, user_id),
    FOREIGN KEY (community_id, user_id) REFERENCES members (community_id, user_id)
        ON DELETE CASCADE
) WITHOUT ROWID;

INSERT INTO round_totals (round_id, user_id, points, correct, answered)
SELECT round_id, user_id, sum(points), sum(correct), count(*)
FROM answers WHERE scored = 1 GROUP BY round_id, user_id;

INSERT INTO score_quarters (community_id, quarter, user_id, points, correct, answered)
SELECT community_id, answered_at / 900000000, user_id, sum(points), sum(correct), count(*)
FROM answers WHERE scored = 1 GROUP BY community_id, answered_at / 900000000, user_id;

CREATE TRIGGER answers_add_to_periods AFTER INSERT ON answers WHEN new.scored = 1
BEGIN
    INSERT INTO round_totals (round_id, user_id, points, correct, answered)
    VALUES (new.round_id, new.user_id, new.points, new.correct, 1)
    ON CONFLICT DO UPDATE SET points = points + excluded.points,
                              correct = correct + excluded.correct,
                              answered = answered + 1;
    INSERT INTO score_quarters (community_id, quarter, user_id, points, correct, answered)
    VALUES (new.community_id, new.answered_at / 900000000, new.user_id, new.points,
            new.correct, 1)
    ON CONFLICT DO UPDATE SET points = points + excluded.points,
                              correct = correct + excluded.correct,
                              answered = answered + 1;
END;

CREATE TRIGGER answers_remove_from_periods AFTER DELETE ON answers WHEN old.scored = 1
BEGIN
    UPDATE round_totals SET points = points - old.points,
                            correct = correct - old.correct,
                            answered = answered - 1
    WHERE round_id = old.round_id AND user_id = old.user_id;
    UPDATE score_quarters SET points = points - old.points,
                              correct = correct - old.correct,
                              answered = answered - 1
    WHERE community_id = old.community_id AND quarter = old.answered_at / 900000000
      AND user_id = old.user_id;
END;

CREATE TRIGGER answers_move_in_periods AFTER UPDATE ON answers
BEGIN
    UPDATE round_totals SET points = points - old.points,
                            correct = correct - old.correct,
                            answered = answered - 1
    WHERE old.scored = 1 AND round_id = old.round_id AND user_id = old.user_id;
    UPDATE score_quarters SET points = points - old.points,
                              correct = correct - old.correct,
                              answered = answered - 1
    WHERE old.scored = 1 AND community_id = old.community_id
      AND quarter = old.answered_at / 900000000 AND user_id = old.user_id;
    INSERT INTO round_totals (round_id, user_id, points, correct, answered)
    SELECT new.round_id, new.user_id, new.points, new.correct, 1 WHERE new.scored = 1
    ON CONFLICT DO UPDATE SET points = points + excluded.points,
                              correct = correct + excluded.correct,
                              answered = answered + 1;
    INSERT INTO score_quarters (community_id, quarter, user_id, points, correct, answered)
    SELECT new.community_id, new.answered_at / 900000000, new.user_id, new.points,
           new.correct, 1 WHERE new.scored = 1
    ON CONFLICT DO UPDATE SET points = points + excluded.points,
                              correct = correct + excluded.correct,
                              answered = answered + 1;
END;
