SELECT r.id, r.questionnaire, r.version, r.opens, r.closes, r.open_to_all, r.previous, r.created, c.kind, c.unit
FROM rounds AS r LEFT JOIN codes AS c ON c.round = r.id AND c.hash = ?
WHERE r.id = ?
