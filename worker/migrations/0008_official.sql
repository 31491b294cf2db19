-- One answer per municipality (issue 14). Until now a municipality's result
-- in a round was the mean of its responses (municipality_sums, 0004); that
-- averages facts: the mean of "beslutat" and "saknas" is a "påbörjat" nobody
-- answered. Now it is its official response (lagesbild.Official): the most
-- recently changed response whose role is not 'workshop' (updated, then the
-- greater id: times are whole seconds), or, when there is none, the most
-- recently changed workshop response.
--
-- `officials` holds, per round and municipality, the id of that response,
-- how many responses the municipality has, and whether the official one is
-- partial (an item that applies is unanswered) or a workshop's. The triggers
-- below recompute a municipality's row from `responses` inside the statement
-- that writes one of its responses: a choice, not a sum, so nothing can
-- drift, and it costs one index range of the municipality's few responses.
-- They delete the row and insert it anew rather than INSERT OR REPLACE: in a
-- trigger, OR REPLACE yields to the conflict policy of the statement that
-- fired it, and under the worker's upsert (store.putResponse) it failed on
-- the primary key.
-- aggregate.sql reads the official response's rows of `measures` (its
-- primary key): still at most 290 municipalities per round, however many
-- responses the round has.
--
-- `partial` on a response is lagesbild.Result.Partial, which needs the
-- questionnaire: the worker computes it when it stores the response
-- (store.newRecord). Responses stored before this migration read 0 until
-- they are stored again; scores v2 came with this migration, so the measures
-- of such responses are v1's in any case.
--
-- D1 has no transactions, and responses may be stored while this runs, so,
-- as in 0004, the order of the statements matters: the column, the new table
-- and its triggers come first, so every write from then on is counted; then
-- every row is chosen anew from `responses` (INSERT OR REPLACE over whatever
-- the triggers already wrote: the statement sees `responses` whole); only then
-- do 0004's triggers and table go. Apply the migrations before deploying a
-- worker that reads this table.
ALTER TABLE responses ADD COLUMN partial INTEGER NOT NULL DEFAULT 0 CHECK (partial IN (0, 1));

CREATE TABLE officials (
  round        TEXT NOT NULL,
  municipality TEXT NOT NULL,
  response     TEXT NOT NULL,                    -- the official response's id
  n            INTEGER NOT NULL,                 -- the municipality's responses in the round
  partial      INTEGER NOT NULL,                 -- the official response's responses.partial
  workshop     INTEGER NOT NULL,                 -- 1: the official response is a workshop's
  PRIMARY KEY (round, municipality)
) WITHOUT ROWID;

-- Choosing reads a municipality's few responses by responses_round (0001)
-- and sorts them. A county's own response (municipality NULL) is no part of
-- comparisons and has no row here.
CREATE TRIGGER responses_official_insert AFTER INSERT ON responses
WHEN NEW.municipality IS NOT NULL
BEGIN
  DELETE FROM officials WHERE round = NEW.round AND municipality = NEW.municipality;
  INSERT INTO officials (round, municipality, response, n, partial, workshop)
  SELECT r.round, r.municipality, r.id,
    (SELECT COUNT(*) FROM responses AS c WHERE c.round = NEW.round AND c.municipality = NEW.municipality),
    r.partial, r.role = 'workshop'
  FROM responses AS r WHERE r.round = NEW.round AND r.municipality = NEW.municipality
  ORDER BY r.role = 'workshop', r.updated DESC, r.id DESC LIMIT 1;
END;

-- A changed response may become official (it is now the latest) or stop
-- being so (a response of the questionnaire saved again as a workshop's).
-- The worker never moves a response to another round or municipality
-- (store.putResponse), but were it to, the old one's row is chosen anew too.
CREATE TRIGGER responses_official_update AFTER UPDATE ON responses
WHEN OLD.municipality IS NOT NULL OR NEW.municipality IS NOT NULL
BEGIN
  DELETE FROM officials WHERE round = OLD.round AND municipality = OLD.municipality;
  INSERT INTO officials (round, municipality, response, n, partial, workshop)
  SELECT r.round, r.municipality, r.id,
    (SELECT COUNT(*) FROM responses AS c WHERE c.round = OLD.round AND c.municipality = OLD.municipality),
    r.partial, r.role = 'workshop'
  FROM responses AS r WHERE r.round = OLD.round AND r.municipality = OLD.municipality
    AND (OLD.round IS NOT NEW.round OR OLD.municipality IS NOT NEW.municipality)
  ORDER BY r.role = 'workshop', r.updated DESC, r.id DESC LIMIT 1;
  DELETE FROM officials WHERE round = NEW.round AND municipality = NEW.municipality;
  INSERT INTO officials (round, municipality, response, n, partial, workshop)
  SELECT r.round, r.municipality, r.id,
    (SELECT COUNT(*) FROM responses AS c WHERE c.round = NEW.round AND c.municipality = NEW.municipality),
    r.partial, r.role = 'workshop'
  FROM responses AS r WHERE r.round = NEW.round AND r.municipality = NEW.municipality
  ORDER BY r.role = 'workshop', r.updated DESC, r.id DESC LIMIT 1;
END;

-- A deleted response (the worker deletes none today) leaves the next in
-- line official, or no row when it was the municipality's last.
CREATE TRIGGER responses_official_delete AFTER DELETE ON responses
WHEN OLD.municipality IS NOT NULL
BEGIN
  DELETE FROM officials WHERE round = OLD.round AND municipality = OLD.municipality;
  INSERT INTO officials (round, municipality, response, n, partial, workshop)
  SELECT r.round, r.municipality, r.id,
    (SELECT COUNT(*) FROM responses AS c WHERE c.round = OLD.round AND c.municipality = OLD.municipality),
    r.partial, r.role = 'workshop'
  FROM responses AS r WHERE r.round = OLD.round AND r.municipality = OLD.municipality
  ORDER BY r.role = 'workshop', r.updated DESC, r.id DESC LIMIT 1;
END;

INSERT OR REPLACE INTO officials (round, municipality, response, n, partial, workshop)
SELECT round, municipality, id, n, partial, workshop FROM (
  SELECT round, municipality, id, partial, role = 'workshop' AS workshop,
    COUNT(*) OVER (PARTITION BY round, municipality) AS n,
    ROW_NUMBER() OVER (PARTITION BY round, municipality ORDER BY role = 'workshop', updated DESC, id DESC) AS choice
  FROM responses WHERE municipality IS NOT NULL
) WHERE choice = 1;

DROP TRIGGER measures_sums_insert;
DROP TRIGGER measures_sums_delete;
DROP TABLE municipality_sums;
