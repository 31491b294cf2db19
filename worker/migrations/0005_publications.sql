-- Publications of a round's county and national figures (issue 11, item 4;
-- lagesbild.Release and lagesbild.Publisher in the core's publish.go say how
-- they are made and audited). A reader of a private round sees the figures
-- of the round's latest publication, never live figures: two live figures
-- fetched before and after one municipality answered would be that
-- municipality's value. A publication is made while a comparison is read,
-- when StepSize municipalities have answered or changed since the last
-- (k+1), and once more after the round has closed (final); each one passes
-- the audit together with every earlier one before it is stored.
--
-- D1 has no transactions: a publication is one INSERT … ON CONFLICT (round,
-- seq) DO NOTHING. Two readers making the same step race for the same seq;
-- one row is stored, and the other reader shows that one (both were audited
-- against the same earlier publications, since seq n+1 is only ever made
-- from 1..n, and seqs are never skipped).
--
--   figures: what readers see, lagesbild.EncodeGroups: a line per group
--            (counties, then "SE") with the publication its figures are from
--   basis:   every municipality's version when it was made (Basis.String):
--            steps are counted from it
--   changes: the basis's changes since the publication before (Basis.Diff),
--            and fresh: the groups computed anew in it (EncodeGroups): what
--            the audit replays, small, so that the publishing request does
--            not read every publication's figures
--
-- A read counts the municipalities with a response stored or changed after
-- the second the latest publication was made in (responses.updated, by the
-- index below): only when that is a step does it read the latest's basis
-- and count the municipalities whose version changed, exactly (the count by
-- time may hold a change that left a mean as it was). It misses a response
-- stored in that second, or while the publication was being made, after
-- its results were read: the next step, or the final publication, takes it
-- in.
CREATE TABLE publications (
  round     TEXT NOT NULL REFERENCES rounds (id),
  seq       INTEGER NOT NULL CHECK (seq >= 1),  -- 1, 2, … per round
  published TEXT NOT NULL,                      -- when it was made
  final     INTEGER NOT NULL DEFAULT 0 CHECK (final IN (0, 1)), -- made after the round closed: its last
  figures   TEXT NOT NULL,
  basis     TEXT NOT NULL,
  changes   TEXT NOT NULL,
  fresh     TEXT NOT NULL,
  PRIMARY KEY (round, seq)
);

CREATE INDEX responses_round_updated ON responses (round, updated);
