-- Lägesbild's schema in D1. This folder is the one place for SQL schema:
-- `wrangler d1 migrations apply DB` applies it to D1, and the native tests
-- apply the same files, in name order, to modernc.org/sqlite.
--
-- D1 has no transactions through database/sql, so every write the worker does
-- is one statement; the triggers below keep the per-measure rows in step with
-- their response inside that one statement.
--
-- Times are RFC 3339 strings in UTC ("2026-03-01T00:00:00Z"): D1 takes no time
-- values, and such strings sort in time order.
-- No personal data: no IP addresses, names or e-mail addresses are stored.

-- A round fixes a questionnaire and its version, and when it is open.
CREATE TABLE rounds (
  id            TEXT PRIMARY KEY,                -- e.g. "2026", "demo"
  questionnaire TEXT NOT NULL,
  version       INTEGER NOT NULL,                -- 0: always the latest version (the demo round)
  opens         TEXT NOT NULL,                   -- inclusive
  closes        TEXT NOT NULL,                   -- exclusive
  open_to_all   INTEGER NOT NULL DEFAULT 0 CHECK (open_to_all IN (0, 1)), -- no code needed to answer or read
  previous      TEXT REFERENCES rounds (id),     -- the earlier round shown beside this one
  created       TEXT NOT NULL
);

-- The demo round: open to anyone, always open, seeded with synthetic data by `make dev`.
INSERT INTO rounds (id, questionnaire, version, opens, closes, open_to_all, previous, created)
VALUES ('demo', 'kommun', 0, '2000-01-01T00:00:00Z', '9999-01-01T00:00:00Z', 1, NULL, '2026-01-01T00:00:00Z');

-- Invite codes (kind 'municipality') and county lead tokens (kind 'county').
-- Only a SHA-256 hash is kept: the plain code is shown once, when created.
CREATE TABLE codes (
  hash    TEXT PRIMARY KEY,                      -- hex SHA-256 of the code
  round   TEXT NOT NULL REFERENCES rounds (id),
  kind    TEXT NOT NULL CHECK (kind IN ('municipality', 'county')),
  unit    TEXT NOT NULL,                         -- kommunkod (4 digits) or länskod (2 digits)
  created TEXT NOT NULL
);
CREATE INDEX codes_round_unit ON codes (round, unit);

-- One row per response; id is the client's UUID, which makes posting idempotent.
CREATE TABLE responses (
  id            TEXT PRIMARY KEY,
  round         TEXT NOT NULL REFERENCES rounds (id),
  questionnaire TEXT NOT NULL,
  version       INTEGER NOT NULL,
  municipality  TEXT,                            -- NULL for a county's own response
  county        TEXT NOT NULL,
  role          TEXT NOT NULL DEFAULT '',
  answers       TEXT NOT NULL,                   -- JSON {itemID: value}, keys sorted
  measures      TEXT NOT NULL,                   -- JSON {measureID: number|null}, computed by the worker
  revision      INTEGER NOT NULL DEFAULT 1,      -- 1 when first stored, +1 per change
  received      TEXT NOT NULL,
  updated       TEXT NOT NULL
);
CREATE INDEX responses_round ON responses (round, municipality);

-- The measures of each response, one row per measure, so comparisons are a
-- GROUP BY in SQL. Written only by the triggers below.
CREATE TABLE measures (
  response     TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
  round        TEXT NOT NULL,
  municipality TEXT,
  county       TEXT NOT NULL,
  measure      TEXT NOT NULL,                    -- a section id, "total" or "dontKnow"
  value        REAL,                             -- NULL: nothing scored
  PRIMARY KEY (response, measure)
);
-- Covers the comparison query: WHERE round GROUP BY municipality, measure.
CREATE INDEX measures_round ON measures (round, municipality, measure, value);

CREATE TRIGGER responses_measures_insert AFTER INSERT ON responses
BEGIN
  INSERT INTO measures (response, round, municipality, county, measure, value)
  SELECT NEW.id, NEW.round, NEW.municipality, NEW.county, j.key, j.value FROM json_each(NEW.measures) AS j;
END;

CREATE TRIGGER responses_measures_update AFTER UPDATE ON responses
BEGIN
  DELETE FROM measures WHERE response = OLD.id;
  INSERT INTO measures (response, round, municipality, county, measure, value)
  SELECT NEW.id, NEW.round, NEW.municipality, NEW.county, j.key, j.value FROM json_each(NEW.measures) AS j;
END;

CREATE TRIGGER responses_measures_delete AFTER DELETE ON responses
BEGIN
  DELETE FROM measures WHERE response = OLD.id;
END;
