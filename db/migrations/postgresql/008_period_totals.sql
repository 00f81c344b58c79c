-- Week and round leaderboards from kept totals, as in ../008_period_totals.sql: round_totals per
-- member and round, score_quarters per member and quarter hour (answered_at / 900 s, UTC), kept
-- by the trigger that keeps score_totals.

CREATE TABLE round_totals (
    round_id bigint NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    user_id  text   COLLATE "C" NOT NULL,
    points   bigint NOT NULL,
    correct  bigint NOT NULL,
    answered bigint NOT NULL,
    PRIMARY KEY (round_id, user_id)
);

CREATE INDEX round_totals_ranking
    ON round_totals (round_id, points DESC, correct DESC, answered, user_id);

CREATE TABLE score_quarters (
    community_id bigint NOT NULL,
    quarter      bigint NOT NULL,
    user_id      text   COLLATE "C" NOT NULL,
    points       bigint NOT NULL,
    correct      bigint NOT NULL,
    answered     bigint NOT NULL,
    PRIMARY KEY (community_id, quarter, user_id) INCLUDE (points, correct, answered),
    FOREIGN KEY (community_id, user_id) REFERENCES members (community_id, user_id)
        ON DELETE CASCADE
);

INSERT INTO round_totals (round_id, user_id, points, correct, answered)
SELECT round_id, user_id, sum(points), sum(correct), count(*)
FROM answers WHERE scored = 1 GROUP BY round_id, user_id;

INSERT INTO score_quarters (community_id, quarter, user_id, points, correct, answered)
SELECT community_id, answered_at / 900000000, user_id, sum(points), sum(correct), count(*)
FROM answers WHERE scored = 1 GROUP BY community_id, answered_at / 900000000, user_id;

CREATE OR REPLACE FUNCTION answers_keep_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.scored = 1 THEN
        UPDATE score_totals SET points = points - OLD.points,
                                correct = correct - OLD.correct,
                                answered = answered - 1
        WHERE community_id = OLD.community_id AND user_id = OLD.user_id;
        UPDATE round_totals SET points = points - OLD.points,
                                correct = correct - OLD.correct,
                                answered = answered - 1
        WHERE round_id = OLD.round_id AND user_id = OLD.user_id;
        UPDATE score_quarters SET points = points - OLD.points,
                                  correct = correct - OLD.correct,
                                  answered = answered - 1
        WHERE community_id = OLD.community_id AND quarter = OLD.answered_at / 900000000
          AND user_id = OLD.user_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.scored = 1 THEN
        INSERT INTO score_totals AS t (community_id, user_id, points, correct, answered)
        VALUES (NEW.community_id, NEW.user_id, NEW.points, NEW.correct, 1)
        ON CONFLICT (community_id, user_id) DO UPDATE SET points = t.points + excluded.points,
                                                          correct = t.correct + excluded.correct,
                                                          answered = t.answered + 1;
        INSERT INTO round_totals AS t (round_id, user_id, points, correct, answered)
        VALUES (NEW.round_id, NEW.user_id, NEW.points, NEW.correct, 1)
        ON CONFLICT (round_id, user_id) DO UPDATE SET points = t.points + excluded.points,
                                                      correct = t.correct + excluded.correct,
                                                      answered = t.answered + 1;
        INSERT INTO score_quarters AS t (community_id, quarter, user_id, points, correct,
                                         answered)
        VALUES (NEW.community_id, NEW.answered_at / 900000000, NEW.user_id, NEW.points,
                NEW.correct, 1)
        ON CONFLICT (community_id, quarter, user_id) DO UPDATE
            SET points = t.points + excluded.points, correct = t.correct + excluded.correct,
                answered = t.answered + 1;
    END IF;
    RETURN NULL;
END
$$;
