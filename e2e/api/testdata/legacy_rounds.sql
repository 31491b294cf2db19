-- Rounds as the admin route made them before it refused them (issue 11, F3):
-- e2e-legacy-o is open to all, and its previous round e2e-legacy-p is not.
-- previous_test.go stores responses in e2e-legacy-p and reads e2e-legacy-o
-- as anyone would. Version 0 is the latest kommun, as in the demo round.
INSERT INTO rounds (id, questionnaire, version, opens, closes, open_to_all, previous, created)
VALUES ('e2e-legacy-p', 'kommun', 0, '2020-01-01T00:00:00Z', '2099-12-31T00:00:00Z', 0, NULL, '2026-01-01T00:00:00Z');
INSERT INTO rounds (id, questionnaire, version, opens, closes, open_to_all, previous, created)
VALUES ('e2e-legacy-o', 'kommun', 0, '2020-01-01T00:00:00Z', '2099-12-31T00:00:00Z', 1, 'e2e-legacy-p', '2026-01-01T00:00:00Z');
