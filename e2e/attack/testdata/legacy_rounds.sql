-- Rounds as the admin route made them before it refused them (issue 11, F3):
-- atk-f3-legacy-o is open to all, and its previous round atk-f3-legacy-p is
-- not. The F3 scenario (attack_test.go) first asks the admin route for such a
-- pair; when it refuses, as it should, the scenario plays on these, which an
-- older worker left behind. Version 0 is the latest kommun, as in the demo
-- round.
INSERT INTO rounds (id, questionnaire, version, opens, closes, open_to_all, previous, created)
VALUES ('atk-f3-legacy-p', 'kommun', 0, '2020-01-01T00:00:00Z', '2099-12-31T00:00:00Z', 0, NULL, '2026-01-01T00:00:00Z');
INSERT INTO rounds (id, questionnaire, version, opens, closes, open_to_all, previous, created)
VALUES ('atk-f3-legacy-o', 'kommun', 0, '2020-01-01T00:00:00Z', '2099-12-31T00:00:00Z', 1, 'atk-f3-legacy-p', '2026-01-01T00:00:00Z');
