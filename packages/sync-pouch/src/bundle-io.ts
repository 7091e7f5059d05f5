import { type BundleDocument, type CreateBundleOptions, createBundle } from '@borderpost/bundle';
import { type PouchDatabase } from './pouch-types';

interface BulkGetDatabase {
  changes(options: { since: number | string; style: 'all_docs'; return_docs: true }): Promise<{
    results: Array<{ id: string; changes: Array<{ rev: string }> }>;
    last_seq: number | string;
  }>;
  bulkGet(options: { docs: Array<{ id: string; rev: string }>; revs: true; attachments: true }): Promise<{
    results: Array<{ id: string; docs: Array<{ ok?: BundleDocument; error?: unknown }> }>;
  }>;
}

interface BulkDocsDatabase {
  bulkDocs(docs: BundleDocument[], options: { new_edits: false }): Promise<Array<{ error?: string; reason?: string; id?: string }>>;
}

/**
 * Every revision written since `since` (the sequence central last acknowledged), each with its revision
 * history and attachments inline, exactly as replication would push them.
 */
export async function collectSince(db: PouchDatabase, since: number | string): Promise<{ docs: BundleDocument[]; upTo: string }> {
  const source = db as unknown as BulkGetDatabase;
  const feed = await source.changes({ since, style: 'all_docs', return_docs: true });
  const wanted = feed.results.flatMap((row) => row.changes.map((change) => ({ id: row.id, rev: change.rev })));
  if (wanted.length === 0) return { docs: [], upTo: String(feed.last_seq) };
  const found = await source.bulkGet({ docs: wanted, revs: true, attachments: true });
  const docs = found.results.flatMap((result) => result.docs.flatMap((entry) => (entry.ok ? [entry.ok] : [])));
  return { docs, upTo: String(feed.last_seq) };
}

/** Exports what central has not acknowledged as a signed, encrypted bundle (see `@borderpost/bundle`). */
export async function exportBundle(
  db: PouchDatabase,
  since: number | string,
  options: Omit<CreateBundleOptions, 'docs' | 'upTo'>,
): Promise<{ bundle: Buffer; docCount: number; upTo: string }> {
  const { docs, upTo } = await collectSince(db, since);
  return { bundle: createBundle({ ...options, docs, upTo }), docCount: docs.length, upTo };
}

/**
 * Writes a bundle's documents as replication does (`new_edits: false`: the revisions are kept as they
 * are), so importing the same bundle twice — or a bundle whose documents also arrived over the link —
 * changes nothing. Returns per-document failures (e.g. refused by central's validation).
 */
export async function importDocs(db: PouchDatabase, docs: BundleDocument[]): Promise<{ written: number; failures: Array<{ id: string; error: string }> }> {
  if (docs.length === 0) return { written: 0, failures: [] };
  const results = await (db as unknown as BulkDocsDatabase).bulkDocs(docs, { new_edits: false });
  const failures = results.flatMap((result, index) => (result.error ? [{ id: result.id ?? docs[index]!._id, error: result.reason ?? result.error }] : []));
  return { written: docs.length - failures.length, failures };
}
