-- A new code revokes the earlier ones (issue 12). A county lead invites its
-- municipalities, and remakes a code that was lost or went to the wrong
-- person; the old code must stop working at once, or the lead cannot take
-- back what was sent. So a unit has at most one code of a kind per round: the
-- newest.
--
-- D1 has no transactions, so the revoking happens inside the statement that
-- stores the new code (store.createCodes, one INSERT … SELECT for every code
-- of a request): the trigger runs for each row, and deletes the unit's other
-- codes of the same round and kind. Codes made before this migration stay
-- valid until their unit gets a new one; the status route reads the newest
-- (MAX(created)) where several are left.
CREATE TRIGGER codes_remade AFTER INSERT ON codes
BEGIN
  DELETE FROM codes WHERE round = NEW.round AND unit = NEW.unit AND kind = NEW.kind AND hash <> NEW.hash;
END;
