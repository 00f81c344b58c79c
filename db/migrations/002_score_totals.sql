-- All-time leaderboards without scanning every answer: counting 100,000 answers takes about as
-- long as the 5 ms a leaderboard may take. score_totals holds each member's all-time totals; the
-- triggers below keep it inside the very statement that changes an answer, so it cannot drift
-- from the answers (and `studybot db check` recomputes it to show that it has not).

CREATE TABLE score_totals (
    community_id INTEGER NOT NULL,
    user_id      TEXT    NOT NULL,
    points       INTEGER NOT NULL,
    correct      INTEGER NOT NULL,
    answered     INTEGER NOT NULL,
    PRIMARY KEY (community_id, user_id),
    FOREIGN KEY (community_id, user_id) REFERENCES members (community_id, user_id)
        ON DELETE CASCADE
) WITHOUT ROWID;

-- Rows in leaderboard order, so the top ten are read straight off the index.
CREATE INDEX score_totals_ranking
    ON score_totals (community_id, points DESC, correct DESC, answered, user_id);

INSERT INTO score_totals (community_id, user_id, points, correct, answered)
SELECT community_id, user_id, sum(points), sum(correct), count(*)
FROM answers WHERE scored = 1 GROUP BY community_id, user_id;

CREATE TRIGGER answers_add_to_totals AFTER INSERT ON answers WHEN new.scored = 1
BEGIN
    INSERT INTO score_totals (community_id, user_id, points, correct, answered)
    VALUES (new.community_id, new.user_id, new.points, new.correct, 1)
    ON CONFLICT DO UPDATE SET points = points + excluded.points,
                              correct = correct + excluded.correct,
                              answered = answered + 1;
END;

CREATE TRIGGER answers_remove_from_totals AFTER DELETE ON answers WHEN old.scored = 1
BEGIN
    UPDATE score_totals SET points = points - old.points,
                            correct = correct - old.correct,
                            answered = answered - 1
    WHERE community_id = old.community_id AND user_id = old.user_id;
END;

CREATE TRIGGER answers_move_in_totals AFTER UPDATE ON answers
BEGIN
    UPDATE score_totals SET points = points - old.points,
                            correct = correct - old.correct,
                            answered = answered - 1
    WHERE old.scored = 1 AND community_id = old.community_id AND user_id = old.user_id;
    INSERT INTO score_totals (community_id, user_id, points, correct, answered)
    SELECT new.community_id, new.user_id, new.points, new.correct, 1 WHERE new.scored = 1
    ON CONFLICT DO UPDATE SET points = points + excluded.points,
                              correct = correct + excluded.correct,
                              answered = answered + 1;
END;

-- Scored answers by round, by member and by time. `scored` is repeated inside the partial
-- indexes because SQLite only reads a query from an index alone when the index holds every
-- column the query names, including those of the index's own WHERE.
CREATE INDEX answers_scored_by_round
    ON answers (round_id, user_id, points, correct, scored) WHERE scored = 1;
DROP INDEX answers_scored_by_member;
CREATE INDEX answers_scored_by_member
    ON answers (community_id, user_id, answered_at, points, correct, scored) WHERE scored = 1;
DROP INDEX answers_scored_by_time;
CREATE INDEX answers_scored_by_time
    ON answers (community_id, answered_at, user_id, points, correct, scored) WHERE scored = 1;
