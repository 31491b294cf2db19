SELECT group_concat(rec, char(30)) FROM (
  SELECT o.round || char(31) || o.municipality || char(31) || o.n || char(31) || (o.partial + 2 * o.workshop) || char(31) ||
    group_concat(m.measure || char(29) || CASE WHEN m.value IS NULL THEN '' ELSE CAST(round(m.value * 1000) AS INTEGER) || '/1' END, char(31)) AS rec
  FROM officials AS o JOIN measures AS m ON m.response = o.response
  WHERE o.round IN (?, ?)
  GROUP BY o.round, o.municipality
)
