-- Bench only: the comparison's aggregate as it was before the running
-- aggregates (worker/migrations/0003, 0004): a GROUP BY over every measure
-- row of the round, the mean of every response (before the official response
-- of migrations/0008; flags always 0). The format of worker/sql/aggregate.sql.
-- `make bench` runs it in the plain-JS worker (?sql=groupby) to show how its
-- cost grows with the responses, which the running aggregates avoid.
SELECT group_concat(rec, char(30)) FROM (
  SELECT round || char(31) || municipality || char(31) || MAX(n) || char(31) || '0' || char(31) ||
    group_concat(measure || char(29) || CASE WHEN scored > 0 THEN units || '/' || scored ELSE '' END, char(31)) AS rec
  FROM (
    SELECT round, municipality, measure, COUNT(*) AS n, COUNT(value) AS scored,
      SUM(CAST(round(value * 1000) AS INTEGER)) AS units
    FROM measures
    WHERE round IN (?, ?) AND municipality IS NOT NULL
    GROUP BY round, municipality, measure
  )
  GROUP BY round, municipality
)
