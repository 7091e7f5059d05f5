/* eslint-disable @typescript-eslint/no-explicit-any -- PouchDB's adapter contract is untyped JavaScript
   (callbacks with loosely shaped options and documents); the types stop at this boundary. */
import {
  collectConflicts,
  compactTree,
  isLocalId,
  latest,
  traverseRevTree,
  type DocMetadata,
  type RevTree,
} from 'pouchdb-merge';
import { allDocsKeysQuery, parseDoc, processDocs } from 'pouchdb-adapter-utils';
import { BAD_ARG, MISSING_DOC, MISSING_STUB, NOT_OPEN, REV_CONFLICT, UNKNOWN_ERROR, createError } from 'pouchdb-errors';
import { changesHandler, filterChange, uuid } from 'pouchdb-utils';
import { BorderpostError } from '@borderpost/common';
import { attachmentBytes, attachmentDigest } from './attachments';
import { chunkRange, writeChunks } from './attachment-chunks';
import { SqliteStore, removeStoreFiles, type DocRow, type Statement } from './store';

type Callback<T = any> = (error: any, result?: T) => void;

/** Live changes listeners of every sqlite database in this process, keyed by absolute file name. */
const liveChanges = new changesHandler();

/** Where the adapter keeps its store on the PouchDB instance (the projection runner reads it). */
export const STORE = Symbol.for('borderpost.docstore.store');

const CHANGES_PAGE = 500;

function metadataOf(row: DocRow): DocMetadata {
  return {
    id: row.id,
    rev_tree: JSON.parse(row.rev_tree) as RevTree,
    rev: row.winning_rev,
    winningRev: row.winning_rev,
    deleted: row.deleted === 1,
    seq: row.seq,
  };
}

function docOf(json: string, id: string, rev: string): any {
  const doc = JSON.parse(json);
  doc._id = id;
  doc._rev = rev;
  return doc;
}

/**
 * An attachment body as PouchDB hands binary attachments out in Node: a Buffer carrying the content
 * type as `type` (the Node stand-in for a browser Blob's `type`). better-sqlite3 returns a new Buffer
 * for every BLOB it reads, so the body is the caller's own and is not copied again.
 */
function typedBuffer(body: Buffer, contentType: unknown): Buffer {
  const typed = body as Buffer & { type?: string };
  typed.type = typeof contentType === 'string' ? contentType : '';
  return typed;
}

function toPouchError(error: unknown): any {
  if (error && typeof error === 'object' && 'status' in error) return error;
  const wrapped: any = createError(UNKNOWN_ERROR, (error as Error)?.message ?? String(error));
  if (error instanceof BorderpostError) wrapped.code = error.code;
  wrapped.cause = error;
  return wrapped;
}

/**
 * The `sqlite` PouchDB adapter. PouchDB calls it as a constructor on the new database object (`this`)
 * with the constructor options; `name` is the file path. Every operation is one synchronous
 * better-sqlite3 transaction (so a write acknowledged to the caller has been committed with
 * `synchronous=FULL`), and callbacks are deferred with `process.nextTick` so callers can attach
 * listeners before results arrive, as with PouchDB's asynchronous adapters.
 */
export function SqlitePouch(this: any, opts: any, callback: Callback): void {
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- PouchDB's adapter contract: the adapter decorates the database object it is called on
  const api = this;
  const name: string = opts.name;
  const revLimit: number | undefined = opts.revs_limit;
  let store: SqliteStore;
  try {
    if (opts.key !== undefined && typeof opts.key !== 'string' && !Buffer.isBuffer(opts.key)) {
      throw new BorderpostError('DOCSTORE_BAD_KEY', 'the sqlite adapter key must be a passphrase string or a 32-byte Buffer');
    }
    store = SqliteStore.acquire(name, opts.key === undefined ? {} : { key: opts.key });
  } catch (error) {
    process.nextTick(() => callback(toPouchError(error)));
    return;
  }
  const file = store.file;
  api[STORE] = store;
  let closed = false;

  /** Runs `work` synchronously and reports its result (or error) on the next tick. */
  function run<T>(cb: Callback<T>, work: () => T): void {
    if (closed || !store.isOpen) {
      process.nextTick(() => cb(createError(NOT_OPEN)));
      return;
    }
    let result: T;
    try {
      result = work();
    } catch (error) {
      process.nextTick(() => cb(toPouchError(error)));
      return;
    }
    process.nextTick(() => cb(null, result));
  }

  const docRow = (id: string) => store.stmt('SELECT * FROM docstore_docs WHERE id = ?').get(id) as DocRow | undefined;
  const revRow = (id: string, rev: string) =>
    store.stmt('SELECT seq, json, deleted FROM docstore_revs WHERE doc_id = ? AND rev = ?').get(id, rev) as
      | { seq: number; json: string; deleted: number }
      | undefined;

  function attachmentBody(digest: string): Buffer | undefined {
    const row = store.stmt('SELECT id, length, tail FROM docstore_attachments WHERE digest = ?').get(digest) as
      | { id: number; length: number; tail: Buffer }
      | undefined;
    if (!row) return undefined;
    const parts = (store.stmt('SELECT body FROM docstore_attachment_chunks WHERE id >= ? AND id < ? ORDER BY id').all(...chunkRange(row.id)) as { body: Buffer }[]).map(
      (chunk) => chunk.body,
    );
    parts.push(row.tail);
    const body = Buffer.concat(parts as Uint8Array[]);
    if (body.length !== row.length) {
      // A missing chunk must not be served as a shorter photo.
      throw new BorderpostError('DOCSTORE_ATTACHMENT_CORRUPT', `attachment ${digest} has ${body.length} of its ${row.length} bytes`, { digest });
    }
    return body;
  }

  /** Stores an attachment body once per digest: its chunk rows, then its row with the tail. */
  function storeAttachmentBody(digest: string, bytes: Buffer): void {
    const inserted = store.stmt("INSERT INTO docstore_attachments (digest, length, tail) VALUES (?, ?, x'') ON CONFLICT (digest) DO NOTHING").run(digest, bytes.length);
    if (inserted.changes === 0) return;
    const id = Number(inserted.lastInsertRowid);
    const tail = writeChunks(id, bytes, store.pageGeometry, store.stmt('INSERT INTO docstore_attachment_chunks (id, body) VALUES (?, ?)'));
    store.stmt('UPDATE docstore_attachments SET tail = ? WHERE id = ?').run(tail, id);
  }

  /** Replaces attachment stubs of a document with their bodies (`attachments: true`). */
  function inlineAttachments(doc: any, binary: boolean): void {
    for (const att of Object.values<any>(doc._attachments ?? {})) {
      const body = attachmentBody(att.digest) ?? Buffer.alloc(0);
      att.data = binary ? typedBuffer(body, att.content_type) : body.toString('base64');
      delete att.stub;
      delete att.length;
    }
  }

  /**
   * Removes revision bodies (compaction, stemming): their rows, their attachment references, and every
   * attachment no remaining revision uses. Returns whether attachment bodies were deleted.
   */
  function deleteRevisionBodies(docId: string, revs: string[]): boolean {
    const seqs = revs.map((rev) => revRow(docId, rev)?.seq).filter((seq): seq is number => seq !== undefined);
    return store.deleteRevisions(seqs);
  }

  /** Gives the pages of deleted attachments back to the file system. */
  function releaseFreePages(): void {
    store.db.pragma('incremental_vacuum');
  }

  api._remote = false;
  api.type = () => 'sqlite';

  api._id = (cb: Callback) => run(cb, () => store.uuid);

  api._info = (cb: Callback) =>
    run(cb, () => ({
      doc_count: store.docCount,
      update_seq: store.updateSeq,
      sqlite_file: file,
      encrypted: store.encrypted,
    }));

  api._get = (id: string, getOpts: any, cb: Callback) =>
    run(cb, () => {
      const row = docRow(id);
      if (!row) throw createError(MISSING_DOC, 'missing');
      const metadata = metadataOf(row);
      let rev: string;
      if (!getOpts.rev) {
        rev = row.winning_rev;
        if (row.deleted) throw createError(MISSING_DOC, 'deleted');
      } else {
        rev = getOpts.latest ? latest(getOpts.rev, metadata) : getOpts.rev;
      }
      const stored = revRow(id, rev);
      if (!stored) throw createError(MISSING_DOC, 'missing');
      return { doc: docOf(stored.json, id, rev), metadata };
    });

  api._getAttachment = (_docId: string, _attachId: string, attachment: any, attOpts: any, cb: Callback) =>
    run(cb, () => {
      const body = attachmentBody(attachment.digest) ?? Buffer.alloc(0);
      return attOpts.binary ? typedBuffer(body, attachment.content_type) : body.toString('base64');
    });

  api._getRevisionTree = (docId: string, cb: Callback) =>
    run(cb, () => {
      const row = docRow(docId);
      if (!row) throw createError(MISSING_DOC);
      return JSON.parse(row.rev_tree);
    });

  api._bulkDocs = (req: any, bulkOpts: any, cb: Callback) =>
    run(cb, () => {
      const newEdits: boolean = bulkOpts.new_edits;
      // Decode and digest new attachment bodies first: a malformed one fails the whole request (as in
      // PouchDB's other adapters) and nothing is written. The bodies leave the documents here, before
      // parseDoc computes deterministic revision ids: PouchDB would otherwise hash the JSON of every
      // Buffer (a 60 KB photo becomes ~200 KB of text, 1.5 ms per crossing), and CouchDB itself
      // hashes attachment digests rather than bodies. Same content still gives the same revision id.
      const bodies = new Map<string, Buffer>();
      for (const doc of req.docs) {
        if (!doc || typeof doc !== 'object' || !doc._attachments || (doc._id && isLocalId(doc._id))) continue;
        for (const att of Object.values<any>(doc._attachments)) {
          if (!att || att.stub) continue;
          const bytes = attachmentBytes(att.data);
          if (!bytes) throw createError(BAD_ARG, 'Attachment is not a valid base64 string');
          const digest = attachmentDigest(bytes);
          bodies.set(digest, bytes);
          delete att.data;
          att.digest = digest;
          att.length = bytes.length;
          att.pending = true; // marks a body to store, as opposed to a stub
        }
      }
      const docInfos = req.docs.map((doc: any) => (doc._id && isLocalId(doc._id) ? doc : parseDoc(doc, newEdits, api.__opts)));
      const invalid = docInfos.find((info: any) => info.error);
      if (invalid) throw invalid;

      const results: any[] = new Array(docInfos.length);
      const write = store.db.transaction(() => {
        for (const info of docInfos) {
          for (const att of Object.values<any>(info.data?._attachments ?? {})) {
            if (att.stub && (typeof att.digest !== 'string' || (!bodies.has(att.digest) && !store.stmt('SELECT 1 FROM docstore_attachments WHERE digest = ?').get(att.digest)))) {
              throw createError(MISSING_STUB, `unknown stub attachment with digest ${att.digest}`);
            }
          }
        }
        const fetched = new Map<string, DocMetadata>();
        for (const info of docInfos) {
          if (info.metadata && !fetched.has(info.metadata.id)) {
            const row = docRow(info.metadata.id);
            if (row) fetched.set(row.id, metadataOf(row));
          }
        }
        let updateSeq = store.updateSeq;
        let docCountDelta = 0;
        let freedPages = false;

        const writeDoc = (
          docInfo: any,
          winningRev: string,
          winningRevIsDeleted: boolean,
          newRevIsDeleted: boolean,
          _isUpdate: boolean,
          delta: number,
          resultsIdx: number,
          done: () => void,
        ) => {
          const metadata: DocMetadata = docInfo.metadata;
          const id = metadata.id;
          const rev = metadata.rev as string;
          const data = docInfo.data;
          if (revRow(id, rev)) {
            // The revision is already stored (a replicated revision seen twice): nothing to write.
            results[resultsIdx] = { ok: true, id, rev };
            done();
            return;
          }
          docCountDelta += delta;
          if (newRevIsDeleted) data._deleted = true;
          const seq = ++updateSeq;
          const digests = new Set<string>();
          for (const att of Object.values<any>(data._attachments ?? {})) {
            if (att.pending) {
              delete att.pending;
              att.revpos = parseInt(rev, 10);
              const bytes = bodies.get(att.digest) as Buffer;
              storeAttachmentBody(att.digest, bytes);
            }
            digests.add(att.digest);
          }
          delete data._id;
          delete data._rev;
          store.stmt('INSERT INTO docstore_revs (seq, doc_id, rev, deleted, json) VALUES (?, ?, ?, ?, ?)').run(seq, id, rev, newRevIsDeleted ? 1 : 0, JSON.stringify(data));
          for (const digest of digests) store.stmt('INSERT OR IGNORE INTO docstore_attachment_refs (seq, digest) VALUES (?, ?)').run(seq, digest);

          // Revisions stemmed off by revs_limit, and with auto_compaction every non-leaf body, go now.
          const obsolete: string[] = [...(docInfo.stemmedRevs ?? [])];
          if (api.auto_compaction) obsolete.push(...compactTree(metadata));
          if (obsolete.length && deleteRevisionBodies(id, obsolete)) freedPages = true;

          const winningSeq = winningRev === rev ? seq : (revRow(id, winningRev)?.seq ?? null);
          store
            .stmt(
              `INSERT INTO docstore_docs (id, rev_tree, winning_rev, deleted, winning_seq, seq) VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET rev_tree = excluded.rev_tree, winning_rev = excluded.winning_rev,
                 deleted = excluded.deleted, winning_seq = excluded.winning_seq, seq = excluded.seq`,
            )
            .run(id, JSON.stringify(metadata.rev_tree), winningRev, winningRevIsDeleted ? 1 : 0, winningSeq, seq);
          metadata.winningRev = winningRev;
          metadata.deleted = winningRevIsDeleted;
          metadata.seq = seq;
          fetched.set(id, metadata);
          results[resultsIdx] = { ok: true, id, rev };
          done();
        };

        // processDocs (pouchdb-adapter-utils) merges each doc into its revision tree with pouchdb-merge
        // and calls writeDoc; every callback here is synchronous, so it finishes before it returns.
        let finished = docInfos.length === 0;
        processDocs(revLimit, docInfos, api, fetched, null, results, writeDoc, bulkOpts, () => {
          finished = true;
        });
        if (!finished) throw new Error('sqlite adapter: bulkDocs did not complete synchronously');
        store.setMeta('update_seq', updateSeq);
        store.setMeta('doc_count', store.docCount + docCountDelta);
        return freedPages;
      });
      const freed = write.immediate();
      if (freed) releaseFreePages();
      let written = 0;
      for (const body of bodies.values()) written += body.length;
      for (const info of docInfos) written += 200 + (info.metadata ? JSON.stringify(info.metadata.rev_tree).length : 0);
      store.noteWritten(written);
      process.nextTick(() => liveChanges.notify(file));
      return results;
    });

  api._allDocs = (allOpts: any, cb: Callback) => {
    if ('keys' in allOpts) {
      allDocsKeysQuery(api, allOpts).then((result) => cb(null, result), cb);
      return;
    }
    run(cb, () => {
      const docCount = store.docCount;
      const where: string[] = [];
      const params: unknown[] = [];
      if (allOpts.deleted !== 'ok') where.push('d.deleted = 0');
      const descending = !!allOpts.descending;
      if (allOpts.key !== undefined) {
        where.push('d.id = ?');
        params.push(allOpts.key);
      } else {
        // With descending=true CouchDB walks backwards, so startkey is the upper bound.
        const inclusiveEnd = allOpts.inclusive_end !== false;
        if (allOpts.startkey !== undefined && allOpts.startkey !== null) {
          where.push(descending ? 'd.id <= ?' : 'd.id >= ?');
          params.push(allOpts.startkey);
        }
        if (allOpts.endkey !== undefined && allOpts.endkey !== null) {
          where.push(descending ? (inclusiveEnd ? 'd.id >= ?' : 'd.id > ?') : inclusiveEnd ? 'd.id <= ?' : 'd.id < ?');
          params.push(allOpts.endkey);
        }
      }
      const limit = typeof allOpts.limit === 'number' ? allOpts.limit : -1;
      const skip = allOpts.skip ?? 0;
      const sql = `SELECT d.*, ${allOpts.include_docs ? 'r.json' : 'NULL AS json'} FROM docstore_docs d
        ${allOpts.include_docs ? 'LEFT JOIN docstore_revs r ON r.seq = d.winning_seq' : ''}
        ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY d.id ${descending ? 'DESC' : 'ASC'} LIMIT ? OFFSET ?`;
      const rows = limit === 0 ? [] : ((store.db.prepare(sql) as unknown as Statement).all(...params, limit, skip) as (DocRow & { json: string | null })[]);
      const result: any = {
        total_rows: docCount,
        offset: allOpts.skip,
        rows: rows.map((row) => {
          const out: any = { id: row.id, key: row.id, value: { rev: row.winning_rev } };
          if (row.deleted) {
            out.value.deleted = true;
            if (allOpts.include_docs) out.doc = null;
            return out;
          }
          if (allOpts.include_docs) {
            const doc = docOf(row.json ?? '{}', row.id, row.winning_rev);
            if (allOpts.conflicts) {
              const conflicts = collectConflicts(metadataOf(row));
              if (conflicts.length) doc._conflicts = conflicts;
            }
            if (allOpts.attachments) inlineAttachments(doc, !!allOpts.binary);
            else for (const att of Object.values<any>(doc._attachments ?? {})) att.stub = true;
            out.doc = doc;
          }
          return out;
        }),
      };
      if (allOpts.update_seq) result.update_seq = store.updateSeq;
      return result;
    });
  };

  api._changes = (changesOpts: any) => {
    if (changesOpts.continuous) {
      const id = `${file}:${uuid()}`;
      liveChanges.addListener(file, id, api, changesOpts);
      liveChanges.notify(file);
      return { cancel: () => liveChanges.removeListener(file, id) };
    }
    // Deferred: PouchDB returns the Changes emitter synchronously and callers attach listeners after.
    process.nextTick(() => {
      if (changesOpts.cancelled) return;
      if (closed || !store.isOpen) {
        changesOpts.complete(createError(NOT_OPEN));
        return;
      }
      try {
        readChanges(changesOpts);
      } catch (error) {
        changesOpts.complete(toPouchError(error));
      }
    });
    return {
      cancel: () => {
        changesOpts.cancelled = true;
      },
    };
  };

  function readChanges(changesOpts: any): void {
    const descending = !!changesOpts.descending;
    const limit: number | undefined = changesOpts.limit > 0 ? changesOpts.limit : undefined;
    const since = Number(changesOpts.since) || 0;
    const docIds: Set<string> | undefined = changesOpts.doc_ids && new Set(changesOpts.doc_ids);
    const filter = filterChange(changesOpts);
    const results: any[] = [];
    let lastSeq: number = since;
    let emitted = 0;
    // CouchDB ignores `since` when descending.
    let cursor = descending ? Number.MAX_SAFE_INTEGER : since;
    // Bodies are read only when someone looks at them (include_docs, or a filter function, which is
    // also how selectors and views reach an adapter); replication's feed needs only ids and revisions.
    const needBodies = !!changesOpts.include_docs || typeof changesOpts.filter === 'function';
    const columns = needBodies ? 'd.*, r.json' : 'd.*, NULL AS json';
    const join = needBodies ? 'LEFT JOIN docstore_revs r ON r.seq = d.winning_seq' : '';
    const page = store.stmt(
      descending
        ? `SELECT ${columns} FROM docstore_docs d ${join} WHERE d.seq < ? ORDER BY d.seq DESC LIMIT ${CHANGES_PAGE}`
        : `SELECT ${columns} FROM docstore_docs d ${join} WHERE d.seq > ? ORDER BY d.seq ASC LIMIT ${CHANGES_PAGE}`,
    );
    outer: for (;;) {
      const rows = page.all(cursor) as (DocRow & { json: string | null })[];
      for (const row of rows) {
        cursor = row.seq;
        if (changesOpts.cancelled) return;
        if (docIds && !docIds.has(row.id)) continue;
        lastSeq = row.seq;
        const metadata = metadataOf(row);
        const doc = row.json === null ? { _id: row.id, _rev: row.winning_rev } : docOf(row.json, row.id, row.winning_rev);
        const change = changesOpts.processChange(doc, metadata, changesOpts);
        change.seq = row.seq;
        const verdict = filter(change);
        if (typeof verdict === 'object') {
          changesOpts.complete(verdict);
          return;
        }
        if (!verdict) continue;
        if (changesOpts.include_docs && changesOpts.attachments && change.doc) inlineAttachments(change.doc, !!changesOpts.binary);
        emitted += 1;
        changesOpts.onChange(change);
        if (changesOpts.return_docs) results.push(change);
        if (limit !== undefined && emitted >= limit) break outer;
      }
      if (rows.length < CHANGES_PAGE) break;
    }
    if (!changesOpts.cancelled) changesOpts.complete(null, { results, last_seq: lastSeq });
  }

  api._doCompaction = (docId: string, revs: string[], _compactOpts: any, cb?: Callback) => {
    const done: Callback = typeof _compactOpts === 'function' ? _compactOpts : (cb as Callback);
    run(done, () => {
      if (!revs.length) return undefined;
      const freed = store.db
        .transaction(() => {
          const row = docRow(docId);
          if (!row) throw createError(MISSING_DOC);
          const tree = JSON.parse(row.rev_tree) as RevTree;
          traverseRevTree(tree, (_isLeaf, pos, revHash, _ctx, nodeOpts) => {
            if (revs.includes(`${pos}-${revHash}`)) nodeOpts.status = 'missing';
          });
          store.stmt('UPDATE docstore_docs SET rev_tree = ? WHERE id = ?').run(JSON.stringify(tree), docId);
          return deleteRevisionBodies(docId, revs);
        })
        .immediate();
      if (freed) releaseFreePages();
      return undefined;
    });
  };

  function putLocal(doc: any): any {
    delete doc._revisions; // local documents keep no history; trust the rev
    const id: string = doc._id;
    const oldRev: string | undefined = doc._rev;
    const existing = store.stmt('SELECT rev FROM docstore_local WHERE id = ?').get(id) as { rev: string } | undefined;
    if ((!existing && oldRev) || (existing && existing.rev !== oldRev)) throw createError(REV_CONFLICT);
    const rev = oldRev ? `0-${parseInt(oldRev.split('-')[1] ?? '0', 10) + 1}` : '0-1';
    const { _id, _rev, ...body } = doc;
    store
      .stmt('INSERT INTO docstore_local (id, rev, json) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET rev = excluded.rev, json = excluded.json')
      .run(id, rev, JSON.stringify(body));
    return { ok: true, id, rev };
  }

  function removeLocal(doc: any): any {
    const existing = store.stmt('SELECT rev FROM docstore_local WHERE id = ?').get(doc._id) as { rev: string } | undefined;
    if (!existing) throw createError(MISSING_DOC);
    if (existing.rev !== doc._rev) throw createError(REV_CONFLICT);
    store.stmt('DELETE FROM docstore_local WHERE id = ?').run(doc._id);
    return { ok: true, id: doc._id, rev: '0-0' };
  }

  /**
   * `_local` writes: inside bulkDocs (`ctx` set) they run synchronously within its transaction and
   * report through the callback at once; on their own they are one transaction each.
   */
  function localWrite(operation: (doc: any) => any) {
    return (doc: any, localOpts: any, cb?: Callback) => {
      const done: Callback = typeof localOpts === 'function' ? localOpts : (cb as Callback);
      if (localOpts && typeof localOpts === 'object' && 'ctx' in localOpts) {
        try {
          done(null, operation(doc));
        } catch (error) {
          done(error);
        }
        return;
      }
      run(done, () => store.db.transaction(() => operation(doc)).immediate());
    };
  }

  api._putLocal = localWrite(putLocal);
  api._removeLocal = localWrite(removeLocal);

  api._getLocal = (id: string, cb: Callback) =>
    run(cb, () => {
      const row = store.stmt('SELECT rev, json FROM docstore_local WHERE id = ?').get(id) as { rev: string; json: string } | undefined;
      if (!row) throw createError(MISSING_DOC);
      return docOf(row.json, id, row.rev);
    });

  api._close = (cb: Callback) => {
    if (closed) {
      process.nextTick(() => cb(createError(NOT_OPEN)));
      return;
    }
    closed = true;
    try {
      store.release();
    } catch (error) {
      process.nextTick(() => cb(toPouchError(error)));
      return;
    }
    process.nextTick(() => cb(null));
  };

  api._destroy = (_destroyOpts: any, cb: Callback) => {
    liveChanges.removeAllListeners(file);
    closed = true;
    try {
      store.forceClose();
      removeStoreFiles(file);
    } catch (error) {
      process.nextTick(() => cb(toPouchError(error)));
      return;
    }
    process.nextTick(() => cb(null, { ok: true }));
  };

  process.nextTick(() => callback(null, api));
}

SqlitePouch.valid = () => true;
// The database name is a file path; PouchDB must not prefix it.
SqlitePouch.use_prefix = false;

/** The PouchDB plugin: `PouchDB.plugin(sqliteAdapter)` registers the adapter name `sqlite`. */
export function sqliteAdapter(PouchDB: { adapter: (name: string, adapter: unknown, addToPreferred?: boolean) => void }): void {
  PouchDB.adapter('sqlite', SqlitePouch, true);
}
