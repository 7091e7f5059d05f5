import { type BundleDocument, type BundleHeader, type CreateBundleOptions, type OpenBundleOptions, createBundle, openBundle } from '@borderpost/bundle';
import { BorderpostError } from '@borderpost/common';
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

interface RevsDiffDatabase {
  revsDiff(request: Record<string, string[]>): Promise<Record<string, { missing: string[] }>>;
}

/**
 * Opens a bundle addressed to this post (verified, then decrypted: `openBundle`) and writes its documents
 * as replication would (`importDocs`). `alreadyPresent` counts revisions the database had before, so a
 * second import of the same bundle reports everything as already present and writes nothing new.
 */
export async function importBundle(
  db: PouchDatabase,
  bundle: Buffer,
  options: OpenBundleOptions & { postId: string },
): Promise<{ header: BundleHeader; documents: number; alreadyPresent: number; failures: Array<{ id: string; error: string }> }> {
  const { header, docs } = openBundle(bundle, options);
  if (header.postId !== options.postId) throw new BorderpostError('BUNDLE_WRONG_POST', `this bundle carries data for post ${header.postId}, this station is at ${options.postId}`);
  const request: Record<string, string[]> = {};
  for (const doc of docs) if (typeof doc._rev === 'string') (request[doc._id] ??= []).push(doc._rev);
  const missing = docs.length === 0 ? {} : await (db as unknown as RevsDiffDatabase).revsDiff(request);
  const alreadyPresent = docs.filter((doc) => typeof doc._rev === 'string' && !(missing[doc._id]?.missing ?? []).includes(doc._rev)).length;
  const { failures } = await importDocs(db, docs);
  return { header, documents: docs.length, alreadyPresent, failures };
}
