import type { Migration, SqliteDatabase } from '@borderpost/sqlite';
import { measureUsableSize, pageGeometry, writeChunks } from './attachment-chunks';

/** The component name under which the document store's tables are versioned in `schema_migrations`. */
export const DOCSTORE_COMPONENT = 'docstore';

/**
 * Tables of the document store. Every revision that still has a body is one `docstore_revs` row keyed
 * by its update sequence; `docstore_docs` holds one row per document with its revision tree and the
 * sequence of its latest change, which is what the changes feed walks (each document appears once, at
 * its latest change, as in CouchDB). Attachment bodies are stored once per digest (since 0002 as
 * page-sized chunk rows, see `attachment-chunks.ts`) and
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
  {
    version: 2,
    name: '0002-attachment-chunks',
    up: migrateAttachmentsToChunks,
  },
];

/**
 * 0002: attachment bodies move from one BLOB per row to page-sized chunk rows (`attachment-chunks.ts`):
 * `docstore_attachments` keeps one row per digest with a stable integer id, the length and the tail;
 * `docstore_attachment_chunks` holds the rest; `docstore_page_probe` stays empty so that its root page
 * tells the usable page size. Existing bodies are copied one at a time (one body in memory) inside
 * the migration's transaction, so a crash leaves either the old layout or the new one.
 */
function migrateAttachmentsToChunks(db: SqliteDatabase): void {
  db.exec(`
    CREATE TABLE docstore_page_probe (unused INTEGER);
    CREATE TABLE docstore_attachments_v2 (
      id INTEGER PRIMARY KEY,
      digest TEXT NOT NULL UNIQUE,
      length INTEGER NOT NULL,
      tail BLOB NOT NULL
    );
    CREATE TABLE docstore_attachment_chunks (
      id INTEGER PRIMARY KEY,
      body BLOB NOT NULL
    );
  `);
  const geometry = pageGeometry(measureUsableSize(db));
  const digests = (db.prepare('SELECT digest FROM docstore_attachments ORDER BY rowid').all() as { digest: string }[]).map((row) => row.digest);
  const read = db.prepare('SELECT body FROM docstore_attachments WHERE digest = ?');
  const insert = db.prepare("INSERT INTO docstore_attachments_v2 (digest, length, tail) VALUES (?, ?, x'')");
  const setTail = db.prepare('UPDATE docstore_attachments_v2 SET tail = ? WHERE id = ?');
  const insertChunk = db.prepare('INSERT INTO docstore_attachment_chunks (id, body) VALUES (?, ?)');
  for (const digest of digests) {
    const { body } = read.get(digest) as { body: Buffer };
    const id = Number(insert.run(digest, body.length).lastInsertRowid);
    setTail.run(writeChunks(id, body, geometry, insertChunk), id);
  }
  db.exec(`
    DROP TABLE docstore_attachments;
    ALTER TABLE docstore_attachments_v2 RENAME TO docstore_attachments;
  `);
  // The old table's pages go back to the file system now rather than at the next compaction.
  db.pragma('incremental_vacuum');
}
