SELECT
  (SELECT group_concat(rec, char(30)) FROM (
    SELECT o.round || char(31) || o.municipality || char(31) || o.n || char(31) || (o.partial + 2 * o.workshop) || char(31) ||
      group_concat(m.measure || char(29) || CASE WHEN m.value IS NULL THEN '' ELSE CAST(round(m.value * 1000) AS INTEGER) || '/1' END, char(31)) AS rec
    FROM officials AS o JOIN measures AS m ON m.response = o.response
    WHERE o.round IN (?, ?)
    GROUP BY o.round, o.municipality
  )) AS sums,
  c.seq, c.published, c.final, c.figures,
  (SELECT COUNT(DISTINCT r.municipality) FROM responses AS r
    WHERE r.round = ? AND r.municipality IS NOT NULL AND r.updated > COALESCE(c.published, '')) AS c_changed,
  p.seq, p.published, p.final, p.figures,
  (SELECT COUNT(DISTINCT r.municipality) FROM responses AS r
    WHERE r.round = ? AND r.municipality IS NOT NULL AND r.updated > COALESCE(p.published, '')) AS p_changed
FROM (SELECT 1) AS one
LEFT JOIN (SELECT seq, published, final, figures FROM publications WHERE round = ? ORDER BY seq DESC LIMIT 1) AS c ON 1
LEFT JOIN (SELECT seq, published, final, figures FROM publications WHERE round = ? ORDER BY seq DESC LIMIT 1) AS p ON 1
