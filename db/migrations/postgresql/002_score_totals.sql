-- All-time totals per member, kept by triggers inside the statement that changes an answer, as
-- in ../002_score_totals.sql; `studybot db check` recomputes them to show they have not drifted.

CREATE TABLE score_totals (
    community_id bigint  NOT NULL,
    user_id      text    COLLATE "C" NOT NULL,
    points       bigint  NOT NULL,
    correct      bigint  NOT NULL,
    answered     bigint  NOT NULL,
    PRIMARY KEY (community_id, user_id),
    FOREIGN KEY (community_id, user_id) REFERENCES members (community_id, user_id)
        ON DELETE CASCADE
);

CREATE INDEX score_totals_ranking
    ON score_totals (community_id, points DESC, correct DESC, answered, user_id);

INSERT INTO score_totals (community_id, user_id, points, correct, answered)
SELECT community_id, user_id, sum(points), sum(correct), count(*)
FROM answers WHERE scored = 1 GROUP BY community_id, user_id;

CREATE FUNCTION answers_keep_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.scored = 1 THEN
        UPDATE score_totals SET points = points - OLD.points,
                                correct = correct - OLD.correct,
                                answered = answered - 1
        WHERE community_id = OLD.community_id AND user_id = OLD.user_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.scored = 1 THEN
        INSERT INTO score_totals AS t (community_id, user_id, points, correct, answered)
        VALUES (NEW.community_id, NEW.user_id, NEW.points, NEW.correct, 1)
        ON CONFLICT (community_id, user_id) DO UPDATE SET points = t.points + excluded.points,
                                                          correct = t.correct + excluded.correct,
                                                          answered = t.answered + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER answers_keep_totals AFTER INSERT OR UPDATE OR DELETE ON answers
    FOR EACH ROW EXECUTE FUNCTION answers_keep_totals();

CREATE INDEX answers_scored_by_round
    ON answers (round_id, user_id, points, correct) WHERE scored = 1;
