-- Conflicts are kept and shown to supervisors (design: "Data"): a document with more than one live
-- leaf is flagged when written. Ships in the same release as 0001, so no earlier row needs a backfill.
ALTER TABLE docs ADD COLUMN conflicted INTEGER NOT NULL DEFAULT 0;
CREATE INDEX docs_conflicted ON docs (conflicted, db);
