-- Indicator releases (issue 16): which groups' indicator figures are shown,
-- kept so that a request does not audit them anew (lagesbild.IndicatorReleaser;
-- with the municipality groups an audit takes tens of milliseconds natively
-- and several times that in the worker's WebAssembly).
--
-- A decision depends only on the release's version, k, the groups and
-- readers, and which municipalities responded and which have a value for an
-- indicator (never on the values): `pattern` is IndicatorReleaser.Key, a
-- hash of all that, so a stored decision is right for any data it is read
-- for, and indicators answered alike share a row. The figures themselves are
-- computed from the answers on every read (cheap), so nothing here has to
-- follow a change of an answer's value.
--
-- In a closed private round the answers no longer change: its decisions are
-- made once, when first read after closing. In a round open to all (the
-- demo) every new pattern of participation is a new key, decided on the
-- first read that meets it; old keys stay (a row is ~100 bytes).
--
-- D1 has no transactions: readers racing on one key compute the same
-- decision; INSERT … ON CONFLICT DO NOTHING keeps one.
--
--   shown: lagesbild.EncodeShown, a digit per group of IndicatorGroups
--          (1 shown); a row whose length is not the groups' is ignored
CREATE TABLE indicator_releases (
  round   TEXT NOT NULL REFERENCES rounds (id),
  pattern TEXT NOT NULL,  -- IndicatorReleaser.Key (hex SHA-256)
  shown   TEXT NOT NULL,
  made    TEXT NOT NULL,  -- when it was decided (RFC 3339, UTC)
  PRIMARY KEY (round, pattern)
) WITHOUT ROWID;
