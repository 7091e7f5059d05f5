-- `GET /{db}` is called once per replication batch: keep the document counts with the database row
-- instead of counting every document each time (CHT: sync costs must not grow with database size).
ALTER TABLE databases ADD COLUMN doc_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE databases ADD COLUMN doc_del_count BIGINT NOT NULL DEFAULT 0;
UPDATE databases SET
  doc_count = (SELECT count(*) FROM docs WHERE docs.db = databases.name AND docs.deleted = 0),
  doc_del_count = (SELECT count(*) FROM docs WHERE docs.db = databases.name AND docs.deleted = 1);
