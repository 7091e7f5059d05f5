import crypto from 'node:crypto';
import type { RevTree } from 'pouchdb-merge';
import {
  type ParsedRev,
  hasRevision,
  isLeafDeleted,
  latestLeaf,
  leaves,
  mergePath,
  nextRevision,
  parseRev,
  pathFromRevisions,
  revisionsOf,
  winner,
} from '../replication/rev-tree';
import { type AttachmentStub, DocRejected, decodeInlineAttachments } from './attachments';
import { conflict, notFound } from './errors';
import type { SqlDatabase, SqlExecutor } from './sql';

export type JsonObject = Record<string, unknown>;

export interface WriteResult {
  id: string;
  rev?: string;
  ok?: true;
  error?: string;
  reason?: string;
}

export interface ChangeRow {
  seq: number;
  id: string;
  changes: { rev: string }[];
  deleted?: true;
  doc?: JsonObject;
}

export interface DocMeta {
  tree: RevTree;
  winningRev: string;
  deleted: boolean;
  seq: number;
  audience: string | null;
}

export interface ReadOptions {
  revs?: boolean;
  attachments?: boolean;
  conflicts?: boolean;
}

/** Every post may read it (reference data audience). */
export const AUDIENCE_ALL = '*';

/** `',p1,p2,'`: a LIKE-able list of post ids (post ids have no commas, `%` or `_`). */
export function encodeAudience(audience: 'all' | string[]): string {
  return audience === 'all' ? AUDIENCE_ALL : `,${audience.join(',')},`;
}

function liveLeaves(tree: RevTree): string[] {
  return leaves(tree).filter((rev) => !isLeafDeleted(tree, rev));
}

/**
 * CouchDB-style databases over SQL: documents with revision trees, a per-database sequence, revision
 * bodies, attachments stored once by digest, and `_local` documents. Used by the replication routes
 * (and by central's own writes to the reference database). Works unchanged on SQLite and PostgreSQL.
 */
export class DocStore {
  /** Read once: it never changes once created (GET / must not cost a write). */
  private uuid: string | null = null;

  constructor(readonly sql: SqlDatabase) {}

  /** The server's identity in replication ids: created once, then stable across restarts and addresses. */
  async serverUuid(): Promise<string> {
    if (this.uuid) return this.uuid;
    const fresh = crypto.randomUUID().replace(/-/g, '');
    await this.sql.execute('INSERT INTO server_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', ['uuid', fresh]);
    const [row] = await this.sql.query<{ value: string }>('SELECT value FROM server_meta WHERE key = $1', ['uuid']);
    this.uuid = row!.value;
    return this.uuid;
  }

  /** Creates a database; false when it already exists. */
  async createDatabase(name: string): Promise<boolean> {
    const changed = await this.sql.execute('INSERT INTO databases (name, update_seq, created_at) VALUES ($1, 0, $2) ON CONFLICT (name) DO NOTHING', [name, new Date().toISOString()]);
    return changed > 0;
  }

  async databaseInfo(name: string): Promise<{ db_name: string; update_seq: number; doc_count: number; doc_del_count: number; instance_start_time: string } | null> {
    const [db] = await this.sql.query<{ update_seq: number; doc_count: number; doc_del_count: number }>('SELECT update_seq, doc_count, doc_del_count FROM databases WHERE name = $1', [name]);
    if (!db) return null;
    return { db_name: name, update_seq: Number(db.update_seq), doc_count: Number(db.doc_count), doc_del_count: Number(db.doc_del_count), instance_start_time: '0' };
  }

  async listDatabases(): Promise<{ name: string; updateSeq: number }[]> {
    const rows = await this.sql.query<{ name: string; update_seq: number }>('SELECT name, update_seq FROM databases ORDER BY name');
    return rows.map((row) => ({ name: row.name, updateSeq: Number(row.update_seq) }));
  }

  // ---- _local documents (checkpoints). `owner` scopes them, e.g. per station. ----

  async getLocal(db: string, owner: string, id: string): Promise<JsonObject | null> {
    const [row] = await this.sql.query<{ rev: number; body: string }>('SELECT rev, body FROM local_docs WHERE db = $1 AND owner = $2 AND id = $3', [db, owner, id]);
    if (!row) return null;
    return { ...(JSON.parse(row.body) as JsonObject), _id: `_local/${id}`, _rev: `0-${row.rev}` };
  }

  /** `_rev` semantics of CouchDB `_local` docs: `0-N`, 409 when the caller's rev is not the current one. */
  async putLocal(db: string, owner: string, id: string, doc: JsonObject): Promise<string> {
    const { _id: _ignoredId, _rev: givenRev, ...body } = doc;
    return this.sql.transaction(async (tx) => {
      const forUpdate = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
      const [row] = await tx.query<{ rev: number }>(`SELECT rev FROM local_docs WHERE db = $1 AND owner = $2 AND id = $3${forUpdate}`, [db, owner, id]);
      const current = row ? `0-${row.rev}` : undefined;
      if ((givenRev ?? undefined) !== current) throw conflict();
      const next = (row?.rev ?? 0) + 1;
      if (row) await tx.execute('UPDATE local_docs SET rev = $4, body = $5 WHERE db = $1 AND owner = $2 AND id = $3', [db, owner, id, next, JSON.stringify(body)]);
      else await tx.execute('INSERT INTO local_docs (db, owner, id, rev, body) VALUES ($1, $2, $3, $4, $5)', [db, owner, id, next, JSON.stringify(body)]);
      return `0-${next}`;
    });
  }

  // ---- documents ----

  async getMeta(db: string, id: string, sql: SqlExecutor = this.sql): Promise<DocMeta | null> {
    const [row] = await sql.query<{ rev_tree: string; winning_rev: string; deleted: number; seq: number; audience: string | null }>(
      'SELECT rev_tree, winning_rev, deleted, seq, audience FROM docs WHERE db = $1 AND id = $2',
      [db, id],
    );
    if (!row) return null;
    return { tree: JSON.parse(row.rev_tree) as RevTree, winningRev: row.winning_rev, deleted: Number(row.deleted) === 1, seq: Number(row.seq), audience: row.audience };
  }

  /** `column IN (list)` for a list bound as one parameter: a JSON text for SQLite, an array for PostgreSQL. */
  private inList(column: string, index: number, values: string[]): { sql: string; param: unknown } {
    return this.sql.dialect === 'postgres'
      ? { sql: `${column} = ANY($${index}::text[])`, param: values }
      : { sql: `${column} IN (SELECT value FROM json_each($${index}))`, param: JSON.stringify(values) };
  }

  /** The metadata of many documents in one query (batch endpoints: one round trip, not one per document). */
  async getMetas(db: string, ids: string[], sql: SqlExecutor = this.sql): Promise<Map<string, DocMeta>> {
    const list = this.inList('id', 2, ids);
    const rows = await sql.query<{ id: string; rev_tree: string; winning_rev: string; deleted: number; seq: number; audience: string | null }>(
      `SELECT id, rev_tree, winning_rev, deleted, seq, audience FROM docs WHERE db = $1 AND ${list.sql}`,
      [db, list.param],
    );
    return new Map(rows.map((row) => [row.id, { tree: JSON.parse(row.rev_tree) as RevTree, winningRev: row.winning_rev, deleted: Number(row.deleted) === 1, seq: Number(row.seq), audience: row.audience }]));
  }

  /** `_revs_diff`: which of the given revisions the database lacks. */
  async revsDiff(db: string, request: Record<string, string[]>): Promise<Record<string, { missing: string[] }>> {
    const out: Record<string, { missing: string[] }> = {};
    const metas = await this.getMetas(db, Object.keys(request));
    for (const [id, revs] of Object.entries(request)) {
      const meta = metas.get(id);
      const missing = revs.filter((rev) => !meta || !hasRevision(meta.tree, rev));
      if (missing.length > 0) out[id] = { missing };
    }
    return out;
  }

  /**
   * Writes a batch in one transaction. With `newEdits: false` (replication) each document brings its
   * revision and ancestry, merged into the tree; a revision already present is a no-op, so a replayed
   * batch after a dropped connection changes nothing. With `newEdits: true` (central's own edits) a new
   * revision is made on top of `_rev`. Per-document failures come back in the results; the rest of the
   * batch is written. `audienceOf` tags reference documents with who may read them. `expectLiveLeaves`
   * makes the whole batch a no-op (409) unless that document's live leaves are exactly those revisions,
   * checked under the write lock: a conflict resolution must not close a branch someone else just kept.
   */
  async writeDocs(
    db: string,
    docs: JsonObject[],
    options: { newEdits: boolean; audienceOf?: (doc: JsonObject) => string; expectLiveLeaves?: { id: string; revs: string[] } },
  ): Promise<WriteResult[]> {
    // Attachment content is written first, in its own transaction and in digest order: content-addressed
    // rows are immutable, so an unreferenced one (its document refused later) is only garbage, and a
    // consistent order means two batches sharing images can never deadlock each other.
    const inline = new Map<JsonObject, Map<string, AttachmentStub>>();
    const rejected = new Map<JsonObject, DocRejected>();
    const contents = new Map<string, Buffer>();
    for (const doc of docs) {
      try {
        inline.set(doc, decodeInlineAttachments(doc, contents));
      } catch (error) {
        if (error instanceof DocRejected) rejected.set(doc, error);
        else throw error;
      }
    }
    if (contents.size > 0) {
      const digests = [...contents.keys()].sort();
      await this.sql.transaction(async (tx) => {
        if (tx.dialect === 'postgres') {
          // One statement per 200 attachments instead of one round trip each.
          for (let i = 0; i < digests.length; i += 200) {
            const chunk = digests.slice(i, i + 200);
            await tx.execute('INSERT INTO attachments (digest, length, data) SELECT * FROM unnest($1::text[], $2::bigint[], $3::bytea[]) ON CONFLICT (digest) DO NOTHING', [
              chunk,
              chunk.map((digest) => contents.get(digest)!.length),
              chunk.map((digest) => contents.get(digest)!),
            ]);
          }
          return;
        }
        for (const digest of digests) {
          const data = contents.get(digest)!;
          await tx.execute('INSERT INTO attachments (digest, length, data) VALUES ($1, $2, $3) ON CONFLICT (digest) DO NOTHING', [digest, data.length, data]);
        }
      });
    }
    return this.sql.transaction(async (tx) => {
      const forUpdate = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
      // Locking the database row serialises writers of one database, so sequence numbers commit in order
      // (a reader never sees seq N+1 before N) and two writers never merge into the same stale tree.
      const [dbRow] = await tx.query<{ update_seq: number }>(`SELECT update_seq FROM databases WHERE name = $1${forUpdate}`, [db]);
      if (!dbRow) throw notFound('Database does not exist.', 'SERVER_UNKNOWN_DATABASE');
      let seq = Number(dbRow.update_seq);
      // All trees of the batch in one query; kept current as the batch writes (an id may come twice).
      const metas = await this.getMetas(db, [...new Set(docs.map((doc) => doc._id as string))], tx);
      if (options.expectLiveLeaves) {
        const { id, revs } = options.expectLiveLeaves;
        const meta = metas.get(id) ?? (await this.getMeta(db, id, tx));
        const live = meta ? liveLeaves(meta.tree) : [];
        if (live.length !== revs.length || !revs.every((rev) => live.includes(rev))) throw conflict(`${id} changed meanwhile: its live revisions are now ${live.join(', ') || 'none'}`);
      }
      let liveDelta = 0;
      let deletedDelta = 0;
      const results: WriteResult[] = [];
      for (const doc of docs) {
        const id = doc._id as string;
        try {
          const refusal = rejected.get(doc);
          if (refusal) throw refusal;
          const meta = metas.get(id) ?? null;
          const deleted = doc._deleted === true;
          let rev: ParsedRev;
          let merged;
          if (options.newEdits) {
            const parent = this.parentForEdit(meta, doc._rev);
            const next = nextRevision(parent, doc, deleted);
            rev = next.rev;
            merged = mergePath(meta?.tree ?? null, next.path, `${next.rev.pos}-${next.rev.hash}`);
          } else {
            const parsed = parseRev(doc._rev);
            if (!parsed) throw new DocRejected('bad_request', 'invalid _rev');
            const path = pathFromRevisions(parsed, doc._revisions, deleted);
            if (!path) throw new DocRejected('bad_request', 'invalid _revisions');
            rev = parsed;
            merged = mergePath(meta?.tree ?? null, path, `${parsed.pos}-${parsed.hash}`);
          }
          const revString = `${rev.pos}-${rev.hash}`;
          if (!merged.changed) {
            results.push({ ok: true, id, rev: revString });
            continue;
          }
          const body = await this.storeBody(tx, doc, rev.pos, inline.get(doc) ?? new Map());
          await tx.execute('INSERT INTO revs (db, id, rev, deleted, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (db, id, rev) DO NOTHING', [db, id, revString, deleted ? 1 : 0, JSON.stringify(body)]);
          const win = winner(merged.tree);
          const audience = options.audienceOf ? (win.deleted ? meta?.audience ?? AUDIENCE_ALL : options.audienceOf(doc)) : null;
          seq += 1;
          await tx.execute(
            `INSERT INTO docs (db, id, rev_tree, winning_rev, deleted, seq, audience, conflicted) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (db, id) DO UPDATE SET rev_tree = excluded.rev_tree, winning_rev = excluded.winning_rev, deleted = excluded.deleted, seq = excluded.seq,
               audience = excluded.audience, conflicted = excluded.conflicted`,
            [db, id, JSON.stringify(merged.tree), win.rev, win.deleted ? 1 : 0, seq, audience, liveLeaves(merged.tree).length > 1 ? 1 : 0],
          );
          if (!meta) {
            if (win.deleted) deletedDelta += 1;
            else liveDelta += 1;
          } else if (meta.deleted !== win.deleted) {
            liveDelta += win.deleted ? -1 : 1;
            deletedDelta += win.deleted ? 1 : -1;
          }
          metas.set(id, { tree: merged.tree, winningRev: win.rev, deleted: win.deleted, seq, audience });
          for (const stemmed of merged.stemmed) await tx.execute('DELETE FROM revs WHERE db = $1 AND id = $2 AND rev = $3', [db, id, stemmed]);
          results.push({ ok: true, id, rev: revString });
        } catch (error) {
          if (error instanceof DocRejected) results.push({ id, error: error.couchError, reason: error.reason });
          else throw error;
        }
      }
      if (seq !== Number(dbRow.update_seq)) {
        await tx.execute('UPDATE databases SET update_seq = $2, doc_count = doc_count + $3, doc_del_count = doc_del_count + $4 WHERE name = $1', [db, seq, liveDelta, deletedDelta]);
        await this.sql.notifyAfterCommit(tx, db);
      }
      return results;
    });
  }

  private parentForEdit(meta: DocMeta | null, givenRev: unknown): ParsedRev | null {
    if (!meta) {
      if (givenRev !== undefined) throw new DocRejected('conflict', 'Document update conflict.');
      return null;
    }
    if (givenRev === undefined) {
      // Re-creating a deleted document continues its deleted branch, as CouchDB does.
      if (meta.deleted) return parseRev(meta.winningRev);
      throw new DocRejected('conflict', 'Document update conflict.');
    }
    if (typeof givenRev !== 'string' || !leaves(meta.tree).includes(givenRev)) throw new DocRejected('conflict', 'Document update conflict.');
    return parseRev(givenRev);
  }

  /** The stored body: metadata fields removed, attachments as stubs (inline ones already stored by digest). */
  private async storeBody(tx: SqlExecutor, doc: JsonObject, revpos: number, inline: Map<string, AttachmentStub>): Promise<JsonObject> {
    const { _id, _rev, _revisions, _deleted, _attachments, ...body } = doc;
    if (_attachments === undefined) return body;
    const stubs: Record<string, AttachmentStub> = {};
    for (const [name, value] of Object.entries(_attachments as Record<string, unknown>)) {
      const decoded = inline.get(name);
      if (decoded) {
        stubs[name] = { ...decoded, revpos };
        continue;
      }
      const att = value as { content_type?: unknown; digest?: unknown; revpos?: unknown };
      const contentType = typeof att.content_type === 'string' ? att.content_type : 'application/octet-stream';
      const [known] = await tx.query<{ length: number }>('SELECT length FROM attachments WHERE digest = $1', [att.digest]);
      // Not an error PouchDB would retry forever: `forbidden` makes it skip the document and go on.
      if (!known) throw new DocRejected('forbidden', `attachment ${name}: stub for unknown content ${String(att.digest)}`);
      stubs[name] = { content_type: contentType, digest: att.digest as string, length: Number(known.length), revpos: typeof att.revpos === 'number' ? att.revpos : revpos, stub: true };
    }
    return { ...body, _attachments: stubs };
  }

  /** One revision of a document as a PouchDB-shaped object, or null when that revision's body is gone. */
  async readRevision(db: string, id: string, meta: DocMeta, rev: string, options: ReadOptions = {}): Promise<JsonObject | null> {
    const [row] = await this.sql.query<{ body: string; deleted: number }>('SELECT body, deleted FROM revs WHERE db = $1 AND id = $2 AND rev = $3', [db, id, rev]);
    return row ? this.buildDoc(id, rev, row, meta, options) : null;
  }

  /** Several revisions at once (`_bulk_get`): one query for all their bodies. Null where a body is gone. */
  async readRevisions(db: string, wanted: { id: string; rev: string; meta: DocMeta }[], options: ReadOptions = {}): Promise<(JsonObject | null)[]> {
    if (wanted.length === 0) return [];
    const list = this.inList('id', 2, [...new Set(wanted.map((item) => item.id))]);
    const rows = await this.sql.query<{ id: string; rev: string; body: string; deleted: number }>(`SELECT id, rev, body, deleted FROM revs WHERE db = $1 AND ${list.sql}`, [db, list.param]);
    const byKey = new Map(rows.map((row) => [`${row.id}\u0000${row.rev}`, row]));
    const out: (JsonObject | null)[] = [];
    for (const item of wanted) {
      const row = byKey.get(`${item.id}\u0000${item.rev}`);
      out.push(row ? await this.buildDoc(item.id, item.rev, row, item.meta, options) : null);
    }
    return out;
  }

  /**
   * The winning revision of each live document among `ids`, by id (absent and deleted ones left out):
   * two queries however many documents, for pages that show several documents of one database.
   */
  async readLatest(db: string, ids: string[]): Promise<Map<string, JsonObject>> {
    const out = new Map<string, JsonObject>();
    if (ids.length === 0) return out;
    const metas = await this.getMetas(db, [...new Set(ids)]);
    const wanted = [...metas].filter(([, meta]) => !meta.deleted).map(([id, meta]) => ({ id, rev: meta.winningRev, meta }));
    const bodies = await this.readRevisions(db, wanted);
    bodies.forEach((body, i) => body && out.set(wanted[i]!.id, body));
    return out;
  }

  private async buildDoc(id: string, rev: string, row: { body: string; deleted: number }, meta: DocMeta, options: ReadOptions): Promise<JsonObject> {
    const body = JSON.parse(row.body) as JsonObject;
    const doc: JsonObject = { _id: id, _rev: rev, ...body };
    if (Number(row.deleted) === 1) doc._deleted = true;
    if (options.revs) {
      const revisions = revisionsOf(meta.tree, rev);
      if (revisions) doc._revisions = revisions;
    }
    if (options.conflicts && rev === meta.winningRev) {
      const conflicts = leaves(meta.tree).filter((leaf) => leaf !== rev && !isLeafDeleted(meta.tree, leaf));
      if (conflicts.length > 0) doc._conflicts = conflicts;
    }
    if (options.attachments && body._attachments) {
      const inline: JsonObject = {};
      for (const [name, stub] of Object.entries(body._attachments as Record<string, AttachmentStub>)) {
        const data = await this.attachmentData(stub.digest);
        inline[name] = { content_type: stub.content_type, digest: stub.digest, revpos: stub.revpos, data: data?.toString('base64') ?? '' };
      }
      doc._attachments = inline;
    }
    return doc;
  }

  latestLeaf(meta: DocMeta, rev: string): string {
    return latestLeaf(meta.tree, rev);
  }

  leaves(meta: DocMeta): string[] {
    return leaves(meta.tree);
  }

  async attachmentData(digest: string): Promise<Buffer | null> {
    const [row] = await this.sql.query<{ data: Buffer | Uint8Array }>('SELECT data FROM attachments WHERE digest = $1', [digest]);
    return row ? Buffer.from(row.data) : null;
  }

  /**
   * Changes after `since`, oldest first, one row per document (its latest change). `audience` limits
   * rows to documents that post may read. `last_seq` is the database's sequence when nothing more
   * matched, so a filtered feed does not rescan what it already skipped.
   */
  async changes(
    db: string,
    options: { since: number; limit: number; allDocs: boolean; audience?: string; includeDocs?: boolean; docIds?: string[] },
  ): Promise<{ results: ChangeRow[]; last_seq: number }> {
    const [dbRow] = await this.sql.query<{ update_seq: number }>('SELECT update_seq FROM databases WHERE name = $1', [db]);
    if (!dbRow) throw notFound('Database does not exist.', 'SERVER_UNKNOWN_DATABASE');
    // Read the sequence first and never look past it: everything up to it is committed (writers commit in
    // sequence order), so `last_seq` never skips a change that commits while this query runs.
    const upTo = Number(dbRow.update_seq);
    const params: unknown[] = [db, options.since, upTo, options.limit];
    let filter = '';
    if (options.audience !== undefined) {
      filter = ` AND (audience = '${AUDIENCE_ALL}' OR audience LIKE $5)`;
      params.push(`%,${options.audience},%`);
    }
    if (options.docIds !== undefined) {
      // `filter=_doc_ids`: the one place the dialects differ in a query (a JSON list vs an array).
      params.push(this.sql.dialect === 'postgres' ? options.docIds : JSON.stringify(options.docIds));
      filter += this.sql.dialect === 'postgres' ? ` AND id = ANY($${params.length}::text[])` : ` AND id IN (SELECT value FROM json_each($${params.length}))`;
    }
    const rows = await this.sql.query<{ id: string; seq: number; rev_tree: string; winning_rev: string; deleted: number }>(
      `SELECT id, seq, rev_tree, winning_rev, deleted FROM docs WHERE db = $1 AND seq > $2 AND seq <= $3${filter} ORDER BY seq LIMIT $4`,
      params,
    );
    const results: ChangeRow[] = [];
    for (const row of rows) {
      const tree = JSON.parse(row.rev_tree) as RevTree;
      const changes = options.allDocs ? leaves(tree).map((rev) => ({ rev })) : [{ rev: row.winning_rev }];
      const change: ChangeRow = { seq: Number(row.seq), id: row.id, changes };
      if (Number(row.deleted) === 1) change.deleted = true;
      if (options.includeDocs) {
        // A client-side filter function makes PouchDB ask for the documents (sync-protocol.md §2.4).
        const meta: DocMeta = { tree, winningRev: row.winning_rev, deleted: change.deleted === true, seq: change.seq, audience: null };
        const doc = await this.readRevision(db, row.id, meta, row.winning_rev);
        if (doc) change.doc = doc;
      }
      results.push(change);
    }
    const last = results[results.length - 1];
    const lastSeq = results.length === options.limit && last ? last.seq : upTo;
    return { results, last_seq: lastSeq };
  }

  /** Documents with more than one live revision (kept for supervisors to resolve explicitly). */
  async conflicts(limit: number, db?: string): Promise<{ db: string; id: string; winningRev: string; conflicts: string[] }[]> {
    const rows = db
      ? await this.sql.query<{ db: string; id: string; rev_tree: string; winning_rev: string }>('SELECT db, id, rev_tree, winning_rev FROM docs WHERE conflicted = 1 AND db = $1 ORDER BY seq LIMIT $2', [db, limit])
      : await this.sql.query<{ db: string; id: string; rev_tree: string; winning_rev: string }>('SELECT db, id, rev_tree, winning_rev FROM docs WHERE conflicted = 1 ORDER BY db, seq LIMIT $1', [limit]);
    return rows.map((row) => ({
      db: row.db,
      id: row.id,
      winningRev: row.winning_rev,
      conflicts: liveLeaves(JSON.parse(row.rev_tree) as RevTree).filter((rev) => rev !== row.winning_rev),
    }));
  }

  async updateSeq(db: string): Promise<number | null> {
    const [row] = await this.sql.query<{ update_seq: number }>('SELECT update_seq FROM databases WHERE name = $1', [db]);
    return row ? Number(row.update_seq) : null;
  }
}
