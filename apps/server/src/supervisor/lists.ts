import { BorderpostError } from '@borderpost/common';
import { type ImportedList, type RowIssue, assertNoRowErrors, importCsvList, importJsonList, importOfacSdnList, importUnXmlList } from '@borderpost/matching';
import { newUlid } from '@borderpost/schemas';
import { HttpError, badRequest, conflict, notFound, tooLarge } from '../storage/errors';
import type { ConsoleContext } from './context';
import { checkedReference, referenceDocsByPrefix, writeReference } from './reconcile';
import { reportedListVersionsByPost } from './list-holdings';

export type ListFormat = 'csv' | 'json' | 'un-xml' | 'ofac-sdn';
export const LIST_IMPORT_FORMATS: readonly ListFormat[] = ['csv', 'json', 'un-xml', 'ofac-sdn'];

/** Files of a multi-file format, by role: OFAC SDN's legacy CSV release is sdn.csv plus alt.csv (aliases). */
export interface ListFiles {
  sdn?: string;
  alt?: string;
}

/** One list file at most this large (the request as a whole is bounded by the route's bodyLimit). */
export const MAX_LIST_FILE_BYTES = 32 * 1024 * 1024;

/**
 * A list refused for its rows: a 400 whose body carries every row error (up to 500) with its stable
 * code, so the analyst can fix the file; nothing is stored.
 */
export class ListRowsRefused extends HttpError {
  constructor(
    message: string,
    readonly issues: RowIssue[],
  ) {
    super(400, 'bad_request', 'MATCH_LIST_BAD_ROWS', message);
  }
}

function checkSize(name: string, text: string | undefined): void {
  if (text !== undefined && Buffer.byteLength(text, 'utf8') > MAX_LIST_FILE_BYTES) {
    throw tooLarge(`${name} is larger than ${MAX_LIST_FILE_BYTES / 1024 / 1024} MiB`, 'SERVER_LIST_FILE_TOO_LARGE');
  }
}

/** Reads the request's file(s) with the matching package's importer for the format. */
function parseListInput(input: { format: ListFormat; content?: string; files?: ListFiles }, options: { listId: string; version: number; name?: string; threshold?: number }): ImportedList {
  if (input.format === 'ofac-sdn') {
    if (input.content !== undefined) throw badRequest('ofac-sdn takes files.sdn (sdn.csv) and files.alt (alt.csv), not content', 'SERVER_LIST_FILES');
    if (!input.files?.sdn) throw badRequest('ofac-sdn needs files.sdn (sdn.csv); files.alt (alt.csv, aliases) is recommended', 'SERVER_LIST_FILES');
    checkSize('sdn.csv', input.files.sdn);
    checkSize('alt.csv', input.files.alt);
    return importOfacSdnList({ sdn: input.files.sdn, ...(input.files.alt !== undefined ? { alt: input.files.alt } : {}) }, options);
  }
  if (input.files !== undefined) throw badRequest(`${input.format} takes one file as content; files is for ofac-sdn`, 'SERVER_LIST_FILES');
  if (!input.content) throw badRequest(`${input.format} needs content (the list file)`, 'SERVER_LIST_FILES');
  checkSize('the list file', input.content);
  return input.format === 'csv' ? importCsvList(input.content, options) : input.format === 'json' ? importJsonList(input.content, options) : importUnXmlList(input.content, options);
}

type Entry = Record<string, unknown> & { _id: string; entryId: string; type: string };

/** What changes between the published version and an import, entry by entry (ids are stable). */
export interface ListDiff {
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: number;
}

const VOLATILE = new Set(['_rev', '_revisions', 'listVersion', 'removed']);

function comparable(entry: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(entry).filter((k) => !VOLATILE.has(k)).sort().map((k) => [k, entry[k]]));
}

export function diffEntries(published: Entry[], imported: Entry[]): ListDiff {
  const before = new Map(published.filter((e) => !e.removed).map((e) => [e._id, e]));
  const after = new Map(imported.map((e) => [e._id, e]));
  const diff: ListDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const [id, entry] of after) {
    const old = before.get(id);
    if (!old) diff.added.push(id);
    else if (comparable(old) !== comparable(entry)) diff.changed.push(id);
    else diff.unchanged += 1;
  }
  for (const id of before.keys()) if (!after.has(id)) diff.removed.push(id);
  return diff;
}

async function publishedList(context: ConsoleContext, listId: string): Promise<{ list: Record<string, unknown> | null; entries: Entry[] }> {
  const [list] = await referenceDocsByPrefix(context, `alert-list:${listId}`).then((docs) => docs.filter((d) => d._id === `alert-list:${listId}`));
  const entries = [...(await referenceDocsByPrefix(context, `alert-person:${listId}:`)), ...(await referenceDocsByPrefix(context, `alert-document:${listId}:`))] as Entry[];
  return { list: list ?? null, entries };
}

/** Imports a list file with the matching engineer's importers, as the next version, for review. */
export async function importList(
  context: ConsoleContext,
  input: { listId: string; name?: string; format: ListFormat; content?: string; files?: ListFiles; threshold?: number },
  actor: string,
): Promise<{ importId: string; version: number; entries: number; issues: ImportedList['issues']; diff: ListDiff }> {
  const current = await publishedList(context, input.listId);
  const version = current.list ? Number(current.list.version) + 1 : 1;
  const options = { listId: input.listId, version, ...(input.name ? { name: input.name } : {}), ...(input.threshold !== undefined ? { threshold: input.threshold } : {}) };
  let imported: ImportedList;
  try {
    imported = parseListInput(input, options);
  } catch (error) {
    if (error instanceof HttpError) throw error;
    const code = error instanceof BorderpostError ? error.code : 'MATCH_FILE_BAD_FORMAT';
    throw badRequest((error as Error).message, code);
  }
  // Row errors refuse the whole file (a screening list silently missing an entry is worse than
  // yesterday's list); nothing is stored, the published version stays as it was.
  try {
    assertNoRowErrors(imported);
  } catch (error) {
    throw new ListRowsRefused((error as Error).message, imported.issues.filter((i) => i.severity === 'error').slice(0, 500));
  }
  // A file with no entries (a download cut off after the header) would withdraw the whole list at
  // every post once published: refused here; a shrinking list shows in the diff before publishing.
  if (imported.entries.length === 0) throw badRequest(`the file holds no entries for list ${input.listId}`, 'MATCH_LIST_EMPTY');
  const importId = `li-${newUlid().toLowerCase()}`;
  const diff = diffEntries(current.entries, imported.entries as unknown as Entry[]);
  await context.sql.execute('INSERT INTO sv_list_imports (import_id, list_id, version, format, created_by, created_at, body) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    importId,
    input.listId,
    version,
    input.format,
    actor,
    new Date().toISOString(),
    JSON.stringify({ list: imported.list, entries: imported.entries }),
  ]);
  await context.access.audit({ actor, action: 'console.list.import', target: importId, outcome: 'ok', details: { listId: input.listId, version, entries: imported.entries.length, added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length } });
  return { importId, version, entries: imported.entries.length, issues: imported.issues, diff };
}

/**
 * Publishes a reviewed import to the reference database: the entries of the new version, `removed:
 * true` revisions for entries no longer listed (posts delete only on an explicit removal), then the
 * list document last — a post that has the new list version has every entry of it.
 */
export async function publishList(context: ConsoleContext, importId: string, actor: string): Promise<{ listId: string; version: number; written: number; removed: number }> {
  const [row] = await context.sql.query<{ list_id: string; version: number; body: string; published_at: string | null }>('SELECT list_id, version, body, published_at FROM sv_list_imports WHERE import_id = $1', [importId]);
  if (!row) throw notFound(`no list import ${importId}`, 'SERVER_UNKNOWN_IMPORT');
  if (row.published_at) throw conflict(`${importId} is already published`);
  const body = JSON.parse(row.body) as { list: Record<string, unknown>; entries: Entry[] };
  const current = await publishedList(context, row.list_id);
  if (current.list && Number(current.list.version) >= Number(row.version)) throw conflict(`version ${row.version} is not newer than the published ${String(current.list.version)}; import again`);
  const revs = new Map(current.entries.map((e) => [e._id, e._rev as string]));
  const now = new Date().toISOString();
  const next = new Set(body.entries.map((e) => e._id));
  const docs: Record<string, unknown>[] = body.entries.map((e) => checkedReference({ ...e, ...(revs.has(e._id) ? { _rev: revs.get(e._id) } : {}) }));
  const removals = current.entries.filter((e) => !next.has(e._id) && !e.removed).map((e) => checkedReference({ ...e, listVersion: Number(row.version), removed: true }));
  for (let i = 0; i < docs.length + removals.length; i += 500) await writeReference(context, [...docs, ...removals].slice(i, i + 500));
  await writeReference(context, [checkedReference({ ...body.list, publishedAt: now, entryCount: body.entries.length, ...(current.list ? { _rev: current.list._rev } : {}) })]);
  await context.sql.execute('UPDATE sv_list_imports SET published_at = $2, published_by = $3 WHERE import_id = $1', [importId, now, actor]);
  await context.access.audit({ actor, action: 'console.list.publish', target: `alert-list:${row.list_id}`, outcome: 'ok', details: { version: Number(row.version), entries: docs.length, removed: removals.length } });
  return { listId: row.list_id, version: Number(row.version), written: docs.length, removed: removals.length };
}

/**
 * Published lists and which version each post holds, as the post last told central: its stations'
 * device-health reports (`listVersions`, every 15 minutes) or its newest crossing (`checks.listVersions`),
 * whichever is newer (`list-holdings.ts`).
 */
export async function listVersionsByPost(context: ConsoleContext): Promise<{
  lists: { listId: string; name: string; version: number; entryCount: number; publishedAt: string }[];
  posts: { postId: string; reportedAt: string | null; source: 'health-report' | 'crossing' | null; versions: Record<string, number> }[];
}> {
  const lists = (await referenceDocsByPrefix(context, 'alert-list:')).map((doc) => ({ listId: doc.listId as string, name: doc.name as string, version: Number(doc.version), entryCount: Number(doc.entryCount), publishedAt: doc.publishedAt as string }));
  const known = await context.access.listPosts();
  const reported = await reportedListVersionsByPost(context, known);
  const posts = known.map((post) => {
    const held = reported.get(post.postId);
    return { postId: post.postId, reportedAt: held?.reportedAt ?? null, source: held?.source ?? null, versions: held?.versions ?? {} };
  });
  return { lists, posts };
}
