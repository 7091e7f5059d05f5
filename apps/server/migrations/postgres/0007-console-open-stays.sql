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
-- A window function, not NOT EXISTS (x later OR same time and greater id): with the OR, SQLite
-- walks the time index for every row (quadratic; 20,000 rows took minutes).
INSERT INTO sv_document_last (issuing_state, document_number, crossing_id, direction, decided_at)
  SELECT issuing_state, document_number, id, direction, decided_at FROM (
    SELECT issuing_state, document_number, id, direction, decided_at,
           row_number() OVER (PARTITION BY issuing_state, document_number ORDER BY decided_at DESC, id DESC) AS newest
    FROM sv_crossings WHERE outcome = 'admitted') ranked
  WHERE newest = 1;
-- Duplicate candidates: travellers sharing birth date and nationality.
CREATE INDEX sv_travellers_person ON travellers (birth_date, nationality);
