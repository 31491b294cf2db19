-- The wall that cannot be taken apart (issue 11, item 7; lagesbild.Room and
-- RoomAnswers in the core's workshop.go say why each rule is there).
--
--   * workshop_answers.shown is the answer as the item's shown figures count
--     it: its value at the item's last step, NULL for an answer given after.
--     The wall counts shown, never value, so every poll sees the same
--     figures until the next step.
--   * A step: once the results are revealed and at least min_answers of an
--     item's answers are new or changed since its shown state (value IS NOT
--     shown), every answer to the item is shown as it is now. The step runs
--     in a trigger of the statement that stores the answer, or reveals, so
--     it is part of that one statement (D1 has no transactions); it is
--     idempotent: run again, nothing is due.
--   * The wall's revision (its ETag) moves only when the wall shows
--     something new: a join, a device's first answer (how many answered), a
--     step, or a facilitator's change. A changed answer alone leaves it, so
--     a poll before and after one answer gets the same 304.
--   * workshops.room_size: joins beyond it are refused (room_full); NULL is
--     no limit. workshops.min_answers is lagesbild.WallMin of the worker's
--     rules, written when a session is created.

ALTER TABLE workshops ADD COLUMN room_size INTEGER CHECK (room_size IS NULL OR room_size >= 1);
ALTER TABLE workshops ADD COLUMN min_answers INTEGER NOT NULL DEFAULT 4 CHECK (min_answers >= 1);
ALTER TABLE workshop_answers ADD COLUMN shown TEXT;
CREATE INDEX workshop_answers_item ON workshop_answers (workshop, item);

DROP TRIGGER workshop_answers_insert;
DROP TRIGGER workshop_answers_update;
DROP TRIGGER workshops_state;

-- Sessions revealed when this runs show what the rule would have shown.
UPDATE workshop_answers SET shown = value
WHERE (workshop, item) IN (
  SELECT a.workshop, a.item FROM workshop_answers AS a JOIN workshops AS w ON w.id = a.workshop
  WHERE w.revealed = 1 GROUP BY a.workshop, a.item HAVING COUNT(*) >= MAX(w.min_answers));
UPDATE workshops SET revision = revision + 1;

-- A first answer of a device changes how many answered; any answer is
-- activity; then the item steps if it is due.
CREATE TRIGGER workshop_answers_insert AFTER INSERT ON workshop_answers
BEGIN
  UPDATE workshops SET last_activity = NEW.updated,
    revision = revision + (NOT EXISTS (SELECT 1 FROM workshop_answers AS o
      WHERE o.workshop = NEW.workshop AND o.participant = NEW.participant AND o.item <> NEW.item))
  WHERE id = NEW.workshop;
  UPDATE workshop_answers SET shown = value
  WHERE workshop = NEW.workshop AND item = NEW.item AND value IS NOT shown AND item IN (
    SELECT c.item FROM workshop_answers AS c JOIN workshops AS w ON w.id = c.workshop
    WHERE c.workshop = NEW.workshop AND c.item = NEW.item AND w.revealed = 1 AND c.value IS NOT c.shown
    GROUP BY c.item HAVING COUNT(*) >= MAX(w.min_answers));
END;

CREATE TRIGGER workshop_answers_update AFTER UPDATE OF value ON workshop_answers
WHEN OLD.value IS NOT NEW.value
BEGIN
  UPDATE workshops SET last_activity = NEW.updated WHERE id = NEW.workshop;
  UPDATE workshop_answers SET shown = value
  WHERE workshop = NEW.workshop AND item = NEW.item AND value IS NOT shown AND item IN (
    SELECT c.item FROM workshop_answers AS c JOIN workshops AS w ON w.id = c.workshop
    WHERE c.workshop = NEW.workshop AND c.item = NEW.item AND w.revealed = 1 AND c.value IS NOT c.shown
    GROUP BY c.item HAVING COUNT(*) >= MAX(w.min_answers));
END;

-- A step shows something new.
CREATE TRIGGER workshop_answers_shown AFTER UPDATE OF shown ON workshop_answers
WHEN OLD.shown IS NOT NEW.shown
BEGIN
  UPDATE workshops SET revision = revision + 1 WHERE id = NEW.workshop;
END;

-- Revealing steps every item that is due.
CREATE TRIGGER workshops_reveal AFTER UPDATE OF revealed ON workshops
WHEN NEW.revealed = 1 AND OLD.revealed = 0
BEGIN
  UPDATE workshop_answers SET shown = value
  WHERE workshop = NEW.id AND value IS NOT shown AND item IN (
    SELECT c.item FROM workshop_answers AS c
    WHERE c.workshop = NEW.id AND c.value IS NOT c.shown
    GROUP BY c.item HAVING COUNT(*) >= NEW.min_answers);
END;

-- A facilitator's change moves both revisions (as in 0002), now with the
-- room size too.
CREATE TRIGGER workshops_state AFTER UPDATE OF section, locked, revealed, ended, room_size ON workshops
WHEN OLD.section IS NOT NEW.section OR OLD.locked IS NOT NEW.locked
  OR OLD.revealed IS NOT NEW.revealed OR OLD.ended IS NOT NEW.ended OR OLD.room_size IS NOT NEW.room_size
BEGIN
  UPDATE workshops SET revision = revision + 1, state_revision = state_revision + 1 WHERE id = NEW.id;
END;
