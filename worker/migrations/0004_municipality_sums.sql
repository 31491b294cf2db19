-- Exact sums for the municipality means (issue 11, F12). 0003 kept the sum of
-- a municipality's values as a REAL, and aggregate.sql divided it in SQLite,
-- which prints a number with 15 significant digits; Go then rounded that text
-- a second time. At half-way means the worker and lagesbild.Mean disagreed:
-- 44.4 + 33.3 is 77.69999999999999 in floating point, whose half the core
-- rounded to 38.8 while the text "38.85" rounded to 38.9. With three values or
-- more, the order of adding could decide it too.
--
-- Now every value is counted as the whole number of thousandths it is
-- (lagesbild.MeasureUnits: scores to 0.1 and the "Vet ej" share to 0.001 are
-- whole thousandths), so a sum is exact in any order and subtracting is as
-- exact as adding. aggregate.sql hands the sum and the count to Go, which
-- rounds the mean with lagesbild.MeanOfUnits: Mean's own arithmetic, so the
-- worker's means are the core's to the last digit.
--
-- D1 has no transactions, and responses may be stored while this runs, so the
-- order of the statements matters: the new table and its triggers come first,
-- so every write from then on is counted; then every row is counted anew from
-- `measures` (INSERT OR REPLACE over whatever the triggers already wrote: each
-- statement sees `measures` whole); only then do the old triggers and table go.
-- Apply the migrations before deploying a worker that reads this table.
CREATE TABLE municipality_sums (
  round        TEXT NOT NULL,
  municipality TEXT NOT NULL,
  measure      TEXT NOT NULL,
  n            INTEGER NOT NULL,                 -- responses (rows of measures, NULL values included)
  scored       INTEGER NOT NULL,                 -- of which with a value
  units        INTEGER NOT NULL,                 -- the sum of the values in thousandths: round(value * 1000)
  PRIMARY KEY (round, municipality, measure)
) WITHOUT ROWID;

CREATE TRIGGER measures_sums_insert AFTER INSERT ON measures
WHEN NEW.municipality IS NOT NULL
BEGIN
  INSERT INTO municipality_sums (round, municipality, measure, n, scored, units)
  VALUES (NEW.round, NEW.municipality, NEW.measure, 1, NEW.value IS NOT NULL,
    IFNULL(CAST(round(NEW.value * 1000) AS INTEGER), 0))
  ON CONFLICT (round, municipality, measure) DO UPDATE SET
    n = n + 1, scored = scored + excluded.scored, units = units + excluded.units;
END;

-- Whole numbers subtract exactly, so a deleted row (a response changed) is
-- taken out of its sum; a row that counts nothing any more is removed.
CREATE TRIGGER measures_sums_delete AFTER DELETE ON measures
WHEN OLD.municipality IS NOT NULL
BEGIN
  UPDATE municipality_sums SET
    n = n - 1, scored = scored - (OLD.value IS NOT NULL),
    units = units - IFNULL(CAST(round(OLD.value * 1000) AS INTEGER), 0)
  WHERE round = OLD.round AND municipality = OLD.municipality AND measure = OLD.measure;
  DELETE FROM municipality_sums
  WHERE round = OLD.round AND municipality = OLD.municipality AND measure = OLD.measure AND n <= 0;
END;

INSERT OR REPLACE INTO municipality_sums (round, municipality, measure, n, scored, units)
SELECT round, municipality, measure, COUNT(*), COUNT(value), IFNULL(SUM(CAST(round(value * 1000) AS INTEGER)), 0)
FROM measures WHERE municipality IS NOT NULL
GROUP BY round, municipality, measure;

DROP TRIGGER measures_means_insert;
DROP TRIGGER measures_means_delete;
DROP TABLE municipality_means;
