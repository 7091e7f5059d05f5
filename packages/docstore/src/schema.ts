import type { Migration } from '@borderpost/sqlite';

/** The component name under which the document store's tables are versioned in `schema_migrations`. */
export const DOCSTORE_COMPONENT = 'docstore';

/**
 * Tables of the document store. Every revision that still has a body is one `docstore_revs` row keyed
 * by its update sequence; `docstore_docs` holds one row per document with its revision tree and the
 * sequence of its latest change, which is what the changes feed walks (each document appears once, at
 * its latest change, as in CouchDB). Attachment bodies are stored once per digest as BLOBs and
 * reference-counted through `docstore_attachment_refs` (one row per revision using the digest), so a
 * body is deleted as soon as compaction removes the last revision that used it.
 */
export const docstoreMigrations: Migration[] = [
  {
    version: 1,
    name: '0001-create-document-store',
    up: `
      CREATE TABLE docstore_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE docstore_docs (
        id TEXT PRIMARY KEY,
        rev_tree TEXT NOT NULL,
        winning_rev TEXT NOT NULL,
        deleted INTEGER NOT NULL,
        winning_seq INTEGER,
        seq INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX docstore_docs_by_seq ON docstore_docs (seq);
      CREATE TABLE docstore_revs (
        seq INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL,
        rev TEXT NOT NULL,
        deleted INTEGER NOT NULL,
        json TEXT NOT NULL
      );
      CREATE UNIQUE INDEX docstore_revs_by_doc_rev ON docstore_revs (doc_id, rev);
      CREATE TABLE docstore_attachments (
        digest TEXT PRIMARY KEY,
        length INTEGER NOT NULL,
        body BLOB NOT NULL
      );
      CREATE TABLE docstore_attachment_refs (
        seq INTEGER NOT NULL,
        digest TEXT NOT NULL,
        PRIMARY KEY (seq, digest)
      ) WITHOUT ROWID;
      CREATE INDEX docstore_attachment_refs_by_digest ON docstore_attachment_refs (digest);
      CREATE TABLE docstore_local (
        id TEXT PRIMARY KEY,
        rev TEXT NOT NULL,
        json TEXT NOT NULL
      );
      CREATE TABLE docstore_projection_checkpoints (
        name TEXT PRIMARY KEY,
        seq INTEGER NOT NULL
      );
    `,
  },
];
