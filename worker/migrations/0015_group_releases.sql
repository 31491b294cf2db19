-- Municipality group releases (issue 16, item 5): which SKR municipality
-- groups (kommungrupper) are shown beside a live comparison, kept so that a
-- request does not decide them anew (lagesbild.GroupRelease.Decide: tens of
-- milliseconds natively, several times that in the worker's WebAssembly).
--
-- As indicator_releases (migrations/0010): a decision depends only on the
-- release's version, k, the groups, who responded, who has a value for each
-- measure and which county and national figures are shown (never on the
-- values): `pattern` is lagesbild.GroupRelease.Key, a hash of all that, so a
-- stored decision is right for any data it is read for. The figures are
-- computed from the answers on every read (cheap).
--
-- Only live comparisons show groups (the admin, a round open to all): in the
-- demo every new pattern of participation is a new key, decided on the
-- first read that meets it; old keys stay (a row is ~150 bytes).
--
-- D1 has no transactions: readers racing on one key compute the same
-- decision; INSERT … ON CONFLICT DO NOTHING keeps one.
--
--   shown: lagesbild.EncodeShown, a digit per group of
--          lagesbild.MunicipalityGroups (1 shown); a row whose length is not
--          the groups' is ignored (decided anew)
CREATE TABLE group_releases (
  round   TEXT NOT NULL REFERENCES rounds (id),
  pattern TEXT NOT NULL,  -- GroupRelease.Key (hex SHA-256)
  shown   TEXT NOT NULL,
  made    TEXT NOT NULL,  -- when it was decided (RFC 3339, UTC)
  PRIMARY KEY (round, pattern)
) WITHOUT ROWID;
