SELECT r.id, r.questionnaire, r.version, r.opens, r.closes, r.open_to_all, r.previous, r.created, c.kind, c.unit,
  p.open_to_all AS previous_open_to_all, p.version AS previous_version, p.closes AS previous_closes
FROM rounds AS r LEFT JOIN codes AS c ON c.round = r.id AND c.hash = ?
LEFT JOIN rounds AS p ON p.id = r.previous
WHERE r.id = ?
