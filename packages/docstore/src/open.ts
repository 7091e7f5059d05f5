import PouchDB from 'pouchdb-core';
import { sqliteAdapter } from './adapter';
import { storeOf } from './store-access';

/** PouchDB (core) with the `sqlite` adapter registered: what the post runtime and the CLI open. */
export const DocstorePouch = PouchDB.plugin(sqliteAdapter as unknown as PouchDB.Plugin);

export interface OpenDocstoreOptions {
  key?: string | Buffer;
  revs_limit?: number;
  auto_compaction?: boolean;
}

/** Opens (or creates) a document store file. */
export function openDocstore(file: string, options: OpenDocstoreOptions = {}): PouchDB.Database<Record<string, unknown>> {
  return new DocstorePouch(file, { adapter: 'sqlite', ...options } as PouchDB.Configuration.DatabaseConfiguration);
}

export interface DocstoreReport {
  file: string;
  encrypted: boolean;
  docCount: number;
  updateSeq: number;
  attachments: { count: number; bytes: number };
  fileBytes: number;
  integrity: string;
  projections: Record<string, number>;
}

/** Figures a technician or supervisor needs about a store, plus SQLite's integrity check. */
export async function inspectDocstore(db: PouchDB.Database<object>): Promise<DocstoreReport> {
  const info = await db.info();
  const store = storeOf(db);
  const sql = store.db;
  const attachments = sql.prepare('SELECT count(*) AS count, coalesce(sum(length), 0) AS bytes FROM docstore_attachments').get() as { count: number; bytes: number };
  const pageSize = sql.pragma('page_size', { simple: true }) as number;
  const pageCount = sql.pragma('page_count', { simple: true }) as number;
  const projections = Object.fromEntries(
    (sql.prepare('SELECT name, seq FROM docstore_projection_checkpoints ORDER BY name').all() as { name: string; seq: number }[]).map((r) => [r.name, r.seq]),
  );
  return {
    file: store.file,
    encrypted: store.encrypted,
    docCount: info.doc_count,
    updateSeq: Number(info.update_seq),
    attachments,
    fileBytes: pageSize * pageCount,
    integrity: String(sql.pragma('integrity_check', { simple: true })),
    projections,
  };
}
