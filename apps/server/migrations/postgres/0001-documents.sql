-- Document store: CouchDB-style databases, revision trees, bodies per revision, attachments by digest.
CREATE TABLE server_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE databases (
  name TEXT PRIMARY KEY,
  update_seq BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
-- One row per document: its revision tree (pouchdb-merge JSON), winner and the seq of its last change.
-- audience: who may read it from the reference database ('*' = every post, ',p1,p2,' = those posts).
CREATE TABLE docs (
  db TEXT NOT NULL REFERENCES databases(name),
  id TEXT NOT NULL,
  rev_tree TEXT NOT NULL,
  winning_rev TEXT NOT NULL,
  deleted INTEGER NOT NULL,
  seq BIGINT NOT NULL,
  audience TEXT,
  PRIMARY KEY (db, id)
);
CREATE UNIQUE INDEX docs_by_seq ON docs (db, seq);
CREATE TABLE revs (
  db TEXT NOT NULL,
  id TEXT NOT NULL,
  rev TEXT NOT NULL,
  deleted INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (db, id, rev)
);
-- Attachments are stored once, by content digest (md5-<base64>, as PouchDB computes it).
CREATE TABLE attachments (
  digest TEXT PRIMARY KEY,
  length BIGINT NOT NULL,
  data BYTEA NOT NULL
);
-- _local documents (replication checkpoints); owner scopes them per station.
CREATE TABLE local_docs (
  db TEXT NOT NULL,
  owner TEXT NOT NULL,
  id TEXT NOT NULL,
  rev INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (db, owner, id)
);
