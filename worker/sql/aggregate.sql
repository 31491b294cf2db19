SELECT group_concat(rec, char(30)) FROM (
  SELECT round || char(31) || municipality || char(31) || MAX(n) || char(31) ||
    group_concat(measure || char(29) || CASE WHEN scored > 0 THEN units || '/' || scored ELSE '' END, char(31)) AS rec
  FROM municipality_sums
  WHERE round IN (?, ?)
  GROUP BY round, municipality
)
