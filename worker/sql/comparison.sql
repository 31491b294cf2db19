SELECT
  (SELECT group_concat(rec, char(30)) FROM (
    SELECT round || char(31) || municipality || char(31) || MAX(n) || char(31) ||
      group_concat(measure || char(29) || CASE WHEN scored > 0 THEN units || '/' || scored ELSE '' END, char(31)) AS rec
    FROM municipality_sums
    WHERE round IN (?, ?)
    GROUP BY round, municipality
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
