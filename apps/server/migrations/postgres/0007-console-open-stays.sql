-- The newest admitted crossing of each document, kept by the console projector: open stays are the
-- documents whose newest admitted crossing is an entry, read straight from an index instead of
-- testing every entry for a later crossing (which scans most of a million rows before the first open
-- stay). Backfilled from sv_crossings.
CREATE TABLE sv_document_last (
  issuing_state TEXT NOT NULL,
  document_number TEXT NOT NULL,
  crossing_id TEXT NOT NULL,
  direction TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  PRIMARY KEY (issuing_state, document_number)
);
CREATE INDEX sv_document_last_open ON sv_document_last (direction, decided_at);
INSERT INTO sv_document_last (issuing_state, document_number, crossing_id, direction, decided_at)
  SELECT c.issuing_state, c.document_number, c.id, c.direction, c.decided_at FROM sv_crossings c
  WHERE c.outcome = 'admitted' AND NOT EXISTS (
    SELECT 1 FROM sv_crossings x WHERE x.document_number = c.document_number AND x.issuing_state = c.issuing_state AND x.outcome = 'admitted'
      AND (x.decided_at > c.decided_at OR (x.decided_at = c.decided_at AND x.id > c.id)));
-- Duplicate candidates: travellers sharing birth date and nationality.
CREATE INDEX sv_travellers_person ON travellers (birth_date, nationality);
