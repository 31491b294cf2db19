-- Regional coordinator tokens (issue 16, item 4): codes of kind 'region',
-- whose unit is a regional-coordinator region of the registry
-- (lagesbild.County.CoordinatorRegion, e.g. 'Öst'). SQLite cannot change a
-- CHECK constraint, so `codes` is rebuilt: a new table, the rows copied, the
-- old one dropped (with its index and 0007's trigger), the new one renamed,
-- its index and trigger made again. Nothing references `codes`, so the drop
-- breaks no foreign key. Every code made before stays valid: same hashes,
-- rounds, kinds, units and times.
CREATE TABLE codes_0011 (
  hash    TEXT PRIMARY KEY,                      -- hex SHA-256 of the code
  round   TEXT NOT NULL REFERENCES rounds (id),
  kind    TEXT NOT NULL CHECK (kind IN ('municipality', 'county', 'region')),
  unit    TEXT NOT NULL,                         -- kommunkod, länskod or region id
  created TEXT NOT NULL
);
INSERT INTO codes_0011 (hash, round, kind, unit, created) SELECT hash, round, kind, unit, created FROM codes;
DROP TABLE codes;
ALTER TABLE codes_0011 RENAME TO codes;
CREATE INDEX codes_round_unit ON codes (round, unit);
-- As 0007: a new code revokes the unit's earlier codes of its kind in the round.
CREATE TRIGGER codes_remade AFTER INSERT ON codes
BEGIN
  DELETE FROM codes WHERE round = NEW.round AND unit = NEW.unit AND kind = NEW.kind AND hash <> NEW.hash;
END;

-- Whether a county lets its region's coordinator see the lists of its
-- municipalities that do not meet an indicator marked `regional` in the
-- questionnaire (a referral path to Mika, KAST, skyddat boende). Set by the
-- county's lead, per round; no row: not shared.
--
--   first_shared: when the county first shared them in the round; never
--                 cleared, since what the coordinator has seen it keeps: the
--                 audit of the lists (worker/region.go) counts every county
--                 that ever shared, not only those that share now.
CREATE TABLE region_sharing (
  round        TEXT NOT NULL REFERENCES rounds (id),
  county       TEXT NOT NULL,             -- länskod
  shared       INTEGER NOT NULL CHECK (shared IN (0, 1)),
  first_shared TEXT,                      -- RFC 3339, UTC; NULL: never shared
  changed      TEXT NOT NULL,
  PRIMARY KEY (round, county)
) WITHOUT ROWID;
