SELECT group_concat(rec, char(30)) FROM (
  SELECT round || char(31) || municipality || char(31) || MAX(n) || char(31) ||
    group_concat(measure || char(29) || IFNULL(total / NULLIF(scored, 0), ''), char(31)) AS rec
  FROM municipality_means
  WHERE round IN (?, ?)
  GROUP BY round, municipality
)
