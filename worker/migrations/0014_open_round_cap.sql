-- A round open to all (the demo round) takes responses without a code, so
-- anyone can write to it; the glue's rate limits (worker/glue/limits.mjs)
-- slow a flood down, and this caps what it can leave behind: a
-- municipality keeps its latest 20 responses in such a round, the older go
-- inside the statement that stores the 21st. The order is the official
-- response's (0008): the official one is never among those that go. The
-- delete triggers of 0001 and 0008 take the measures of those that go and
-- choose the municipality's official row anew (its count, n, too).
-- Private rounds keep every response: their writers hold a code.
CREATE TRIGGER responses_open_cap AFTER INSERT ON responses
WHEN NEW.municipality IS NOT NULL AND (SELECT open_to_all FROM rounds WHERE id = NEW.round) = 1
BEGIN
  DELETE FROM responses WHERE round = NEW.round AND municipality = NEW.municipality AND id NOT IN (
    SELECT r.id FROM responses AS r WHERE r.round = NEW.round AND r.municipality = NEW.municipality
    ORDER BY r.role = 'workshop', r.updated DESC, r.id DESC LIMIT 20);
END;
