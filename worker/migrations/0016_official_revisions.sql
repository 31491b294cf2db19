-- A revision of each round's official answers (issue 16, the indicator
-- routes' speed): the worker keeps, per instance, the indicator values and
-- released figures computed from a round's official answers (officials,
-- 0008, joined to responses.answers) and reuses them while this number has
-- not moved, so an unchanged round costs one small read instead of decoding
-- 290 answer sets and releasing every indicator anew.
--
-- Every statement that writes a response of a municipality moves its
-- round's number inside that statement (a trigger: D1 has no transactions),
-- so no change of an official answer can leave it where it was. It counts
-- more than it must (a response that is not, and does not become, the
-- official one moves it too): that costs only a recomputation. The 0008
-- triggers that choose the official response run in the same statement;
-- their order against these does not matter, as a reader sees the
-- statement's effects whole or not at all. The worker reads the number
-- before the answers, so what it keeps under a number is never older than
-- the number (worker/indicators.go).
--
-- A round without a row has had no such write since this migration: 0. The
-- first write after the migration makes the row, so values a worker kept
-- under 0 are not reused after it. Rounds are never deleted, so a number
-- never goes back.
CREATE TABLE official_revisions (
  round TEXT PRIMARY KEY NOT NULL,
  rev   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER responses_revision_insert AFTER INSERT ON responses
WHEN NEW.municipality IS NOT NULL
BEGIN
  INSERT INTO official_revisions (round, rev) VALUES (NEW.round, 1)
  ON CONFLICT (round) DO UPDATE SET rev = rev + 1;
END;

CREATE TRIGGER responses_revision_update AFTER UPDATE ON responses
WHEN OLD.municipality IS NOT NULL OR NEW.municipality IS NOT NULL
BEGIN
  INSERT INTO official_revisions (round, rev) VALUES (NEW.round, 1)
  ON CONFLICT (round) DO UPDATE SET rev = rev + 1;
  -- The worker never moves a response to another round; were it to, the
  -- old round's answers changed too.
  INSERT INTO official_revisions (round, rev) SELECT OLD.round, 1 WHERE OLD.round IS NOT NEW.round
  ON CONFLICT (round) DO UPDATE SET rev = rev + 1;
END;

CREATE TRIGGER responses_revision_delete AFTER DELETE ON responses
WHEN OLD.municipality IS NOT NULL
BEGIN
  INSERT INTO official_revisions (round, rev) VALUES (OLD.round, 1)
  ON CONFLICT (round) DO UPDATE SET rev = rev + 1;
END;
