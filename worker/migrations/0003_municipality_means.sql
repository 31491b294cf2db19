-- Running aggregates for comparisons (issue 6): per round, municipality and
-- measure, the number of responses and the sum of their values, kept by the
-- triggers below inside the statement that writes a response. A comparison
-- then reads at most 290 rows per round and measure however many responses
-- the round has (worker/sql/aggregate.sql), instead of grouping every row of
-- `measures`.
--
-- A new measure row adds to the sum; a deleted one (a response changed or
-- removed) recomputes its row from `measures`, so nothing drifts by adding
-- and subtracting. With one or two responses per municipality, the usual
-- case, the mean is bit for bit what lagesbild.Mean computes (a + b is the
-- same in any order). A county's own response (municipality NULL) is not
-- part of comparisons and not kept here.
CREATE TABLE municipality_means (
  round        TEXT NOT NULL,
  municipality TEXT NOT NULL,
  measure      TEXT NOT NULL,
  n            INTEGER NOT NULL,                 -- responses (rows of measures, NULL values included)
  scored       INTEGER NOT NULL,                 -- of which with a value
  total        REAL NOT NULL,                    -- the sum of the values
  PRIMARY KEY (round, municipality, measure)
) WITHOUT ROWID;

INSERT INTO municipality_means (round, municipality, measure, n, scored, total)
SELECT round, municipality, measure, COUNT(*), COUNT(value), IFNULL(SUM(value), 0)
FROM measures WHERE municipality IS NOT NULL
GROUP BY round, municipality, measure;

CREATE TRIGGER measures_means_insert AFTER INSERT ON measures
WHEN NEW.municipality IS NOT NULL
BEGIN
  INSERT INTO municipality_means (round, municipality, measure, n, scored, total)
  VALUES (NEW.round, NEW.municipality, NEW.measure, 1, NEW.value IS NOT NULL, IFNULL(NEW.value, 0))
  ON CONFLICT (round, municipality, measure) DO UPDATE SET
    n = n + 1, scored = scored + excluded.scored, total = total + excluded.total;
END;

CREATE TRIGGER measures_means_delete AFTER DELETE ON measures
WHEN OLD.municipality IS NOT NULL
BEGIN
  DELETE FROM municipality_means
  WHERE round = OLD.round AND municipality = OLD.municipality AND measure = OLD.measure;
  INSERT INTO municipality_means (round, municipality, measure, n, scored, total)
  SELECT round, municipality, measure, COUNT(*), COUNT(value), IFNULL(SUM(value), 0) FROM measures
  WHERE round = OLD.round AND municipality = OLD.municipality AND measure = OLD.measure
  GROUP BY round, municipality, measure;
END;
