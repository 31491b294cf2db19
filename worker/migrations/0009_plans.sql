-- Action plans (issue 15): one plan per round and unit, the unit a
-- kommunkod or, for a länsstyrelse's own plan, a länskod. A county's
-- municipalities' plans are a range of units (their kommunkoder begin with
-- the länskod), read by the primary key.
--
-- `plan` is the worker's own JSON encoding of a lagesbild.Plan it has
-- checked (Plan.Check against the round's questionnaire), never the posted
-- body, and without its `updated`, which is the column here (set when the
-- plan last changed; storing the same plan again changes nothing).
-- No personal data: a row names roles and committees (responsible,
-- followUpBy), never a person; Plan.Check refuses an e-mail address there.
-- One statement writes a plan (store.putPlan: INSERT … ON CONFLICT DO UPDATE).
CREATE TABLE plans (
  round   TEXT NOT NULL REFERENCES rounds (id),
  unit    TEXT NOT NULL,                         -- kommunkod (4 digits) or länskod (2 digits)
  plan    TEXT NOT NULL,                         -- JSON lagesbild.Plan, re-encoded by the worker
  created TEXT NOT NULL,                         -- first stored (RFC 3339, UTC)
  updated TEXT NOT NULL,                         -- last changed
  PRIMARY KEY (round, unit)
) WITHOUT ROWID;
