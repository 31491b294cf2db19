-- Reveal per section (issue 17, item 3): the facilitator shows one
-- section's figures at a time instead of all at once.
--
--   * workshops.revealed_items is the JSON array (sorted) of the items
--     whose figures the facilitator has revealed; the worker expands a
--     revealed section to its items, since D1 does not know which items a
--     section holds. An item is revealed when workshops.revealed = 1 (all,
--     as before) or it is in revealed_items.
--   * The wall's rules of 0006 hold per item unchanged: an item steps only
--     once revealed and with at least min_answers new or changed answers;
--     revealing items steps those that are due, inside the statement that
--     reveals them. Only the reveal condition of 0006's triggers changes.
--   * Every reveal is an UPDATE of the session row, so the revisions move
--     (workshops_state below names the new column).

ALTER TABLE workshops ADD COLUMN revealed_items TEXT NOT NULL DEFAULT '[]';

DROP TRIGGER workshop_answers_insert;
DROP TRIGGER workshop_answers_update;
DROP TRIGGER workshops_state;

CREATE TRIGGER workshop_answers_insert AFTER INSERT ON workshop_answers
BEGIN
  UPDATE workshops SET last_activity = NEW.updated,
    revision = revision + (NOT EXISTS (SELECT 1 FROM workshop_answers AS o
      WHERE o.workshop = NEW.workshop AND o.participant = NEW.participant AND o.item <> NEW.item))
  WHERE id = NEW.workshop;
  UPDATE workshop_answers SET shown = value
  WHERE workshop = NEW.workshop AND item = NEW.item AND value IS NOT shown AND item IN (
    SELECT c.item FROM workshop_answers AS c JOIN workshops AS w ON w.id = c.workshop
    WHERE c.workshop = NEW.workshop AND c.item = NEW.item AND c.value IS NOT c.shown
      AND (w.revealed = 1 OR EXISTS (SELECT 1 FROM json_each(w.revealed_items) AS r WHERE r.value = c.item))
    GROUP BY c.item HAVING COUNT(*) >= MAX(w.min_answers));
END;

CREATE TRIGGER workshop_answers_update AFTER UPDATE OF value ON workshop_answers
WHEN OLD.value IS NOT NEW.value
BEGIN
  UPDATE workshops SET last_activity = NEW.updated WHERE id = NEW.workshop;
  UPDATE workshop_answers SET shown = value
  WHERE workshop = NEW.workshop AND item = NEW.item AND value IS NOT shown AND item IN (
    SELECT c.item FROM workshop_answers AS c JOIN workshops AS w ON w.id = c.workshop
    WHERE c.workshop = NEW.workshop AND c.item = NEW.item AND c.value IS NOT c.shown
      AND (w.revealed = 1 OR EXISTS (SELECT 1 FROM json_each(w.revealed_items) AS r WHERE r.value = c.item))
    GROUP BY c.item HAVING COUNT(*) >= MAX(w.min_answers));
END;

-- Revealing items steps those that are due (hiding steps nothing: the
-- shown state stays, and shows again as it was on the next reveal).
CREATE TRIGGER workshops_reveal_items AFTER UPDATE OF revealed_items ON workshops
WHEN OLD.revealed_items IS NOT NEW.revealed_items
BEGIN
  UPDATE workshop_answers SET shown = value
  WHERE workshop = NEW.id AND value IS NOT shown AND item IN (
    SELECT c.item FROM workshop_answers AS c
    WHERE c.workshop = NEW.id AND c.value IS NOT c.shown
      AND EXISTS (SELECT 1 FROM json_each(NEW.revealed_items) AS r WHERE r.value = c.item)
    GROUP BY c.item HAVING COUNT(*) >= NEW.min_answers);
END;

CREATE TRIGGER workshops_state AFTER UPDATE OF section, locked, revealed, revealed_items, ended, room_size ON workshops
WHEN OLD.section IS NOT NEW.section OR OLD.locked IS NOT NEW.locked
  OR OLD.revealed IS NOT NEW.revealed OR OLD.revealed_items IS NOT NEW.revealed_items
  OR OLD.ended IS NOT NEW.ended OR OLD.room_size IS NOT NEW.room_size
BEGIN
  UPDATE workshops SET revision = revision + 1, state_revision = state_revision + 1 WHERE id = NEW.id;
END;
