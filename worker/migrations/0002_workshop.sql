-- Workshop sessions (issue 5): a facilitator runs a questionnaire with a room;
-- participants join on their phones with a short code and answer anonymously;
-- a projector wall polls the room's figures.
--
-- Everything lives here, nothing in the worker's memory: under workerd any
-- request may run in a fresh instance. Every write of the worker is one
-- statement; the triggers below bump the session's revision (what the wall's
-- ETag is made of) and last_activity (what expiry is measured from) inside
-- that same statement.
--
-- No personal data: participants have no name or account, and not even the
-- device's random id is stored, only a hash of it with the session's id, so a
-- device cannot be followed from one session to the next. No IP addresses or
-- user agents.

CREATE TABLE workshops (
  id             TEXT PRIMARY KEY,                -- random; never shown
  code           TEXT NOT NULL UNIQUE,            -- the join code (lagesbild.NewJoinCode)
  token          TEXT NOT NULL,                   -- hex SHA-256 of the facilitator's token
  questionnaire  TEXT NOT NULL,
  version        INTEGER NOT NULL,                -- resolved when created, never 0
  section        TEXT NOT NULL,                   -- the section the facilitator has moved the room to
  locked         TEXT NOT NULL DEFAULT '[]',      -- JSON array of locked item ids, sorted
  revealed       INTEGER NOT NULL DEFAULT 0 CHECK (revealed IN (0, 1)),
  ended          TEXT,                            -- when the facilitator ended it; NULL while running
  revision       INTEGER NOT NULL DEFAULT 1,      -- +1 for every change the wall shows (the wall's ETag)
  state_revision INTEGER NOT NULL DEFAULT 1,      -- +1 for facilitator changes only (the participants' ETag)
  join_limit     INTEGER NOT NULL,                -- joins per minute
  answer_limit   INTEGER NOT NULL,                -- answers per minute
  rate_minute    TEXT NOT NULL DEFAULT '',        -- the minute the two counters below count ("2026-03-01T10:15")
  joins          INTEGER NOT NULL DEFAULT 0,
  answers        INTEGER NOT NULL DEFAULT 0,
  created        TEXT NOT NULL,
  last_activity  TEXT NOT NULL                    -- last join, answer or facilitator action; expiry is 48 h after
);
CREATE INDEX workshops_activity ON workshops (last_activity);

CREATE TABLE workshop_participants (
  workshop    TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
  participant TEXT NOT NULL,                      -- hash of the session id and the device's random id
  joined      TEXT NOT NULL,
  PRIMARY KEY (workshop, participant)
) WITHOUT ROWID;

-- One row per participant and item: answering again replaces the value, so an
-- answer is counted once however often it is sent.
CREATE TABLE workshop_answers (
  workshop    TEXT NOT NULL,
  participant TEXT NOT NULL,
  item        TEXT NOT NULL,
  value       TEXT NOT NULL,
  changes     INTEGER NOT NULL DEFAULT 0,         -- times the value was changed after the first answer
  updated     TEXT NOT NULL,
  PRIMARY KEY (workshop, participant, item),
  FOREIGN KEY (workshop, participant) REFERENCES workshop_participants (workshop, participant) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TRIGGER workshop_participants_insert AFTER INSERT ON workshop_participants
BEGIN
  UPDATE workshops SET revision = revision + 1, last_activity = NEW.joined WHERE id = NEW.workshop;
END;

CREATE TRIGGER workshop_answers_insert AFTER INSERT ON workshop_answers
BEGIN
  UPDATE workshops SET revision = revision + 1, last_activity = NEW.updated WHERE id = NEW.workshop;
END;

CREATE TRIGGER workshop_answers_update AFTER UPDATE OF value ON workshop_answers
WHEN OLD.value IS NOT NEW.value
BEGIN
  UPDATE workshops SET revision = revision + 1, last_activity = NEW.updated WHERE id = NEW.workshop;
END;

-- A facilitator's change moves both revisions; the rate counters and the
-- answer triggers' own updates do not name these columns, so they do not fire it.
CREATE TRIGGER workshops_state AFTER UPDATE OF section, locked, revealed, ended ON workshops
WHEN OLD.section IS NOT NEW.section OR OLD.locked IS NOT NEW.locked
  OR OLD.revealed IS NOT NEW.revealed OR OLD.ended IS NOT NEW.ended
BEGIN
  UPDATE workshops SET revision = revision + 1, state_revision = state_revision + 1 WHERE id = NEW.id;
END;
