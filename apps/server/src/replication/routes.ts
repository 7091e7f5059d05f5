import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkPostDocument, checkReferenceDocument, referenceAudience } from '@borderpost/schemas';
import { type AccessStore, type Principal, actorOf } from '../auth/access-store';
import { type DatabaseAccess, databaseAccess } from '../auth/permissions';
import { type DocMeta, type DocStore, type JsonObject, type WriteResult, AUDIENCE_ALL, encodeAudience } from '../storage/doc-store';
import { badRequest, forbidden, notFound, tooLarge } from '../storage/errors';
import { type LongpollRegistry, waitForChanges } from './longpoll';
import { parseRev, pathFromRevisions } from './rev-tree';

export interface ReplicationOptions {
  docs: DocStore;
  access: AccessStore;
  maxBatchDocs: number;
  longpollMaxMs: number;
  longpolls: LongpollRegistry;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const DbParams = { type: 'object', properties: { db: { type: 'string', maxLength: 100 } }, required: ['db'] } as const;
const DocParams = { type: 'object', properties: { db: { type: 'string', maxLength: 100 }, id: { type: 'string', maxLength: 300 } }, required: ['db', 'id'] } as const;
const AttParams = { type: 'object', properties: { db: { type: 'string' }, id: { type: 'string' }, '*': { type: 'string', maxLength: 300 } }, required: ['db', 'id', '*'] } as const;
const bool = { type: 'string', enum: ['true', 'false'] } as const;

function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw forbidden('no principal');
  return request.principal;
}

function canRead(access: DatabaseAccess, meta: DocMeta): boolean {
  if (access.audience === undefined) return true;
  return meta.audience === AUDIENCE_ALL || (meta.audience ?? '').includes(`,${access.audience},`);
}

function parseSince(value: string | undefined): number | 'now' {
  if (value === undefined || value === '') return 0;
  if (value === 'now') return 'now';
  // CouchDB 2+ sequences are strings like "12-g1AAAA…"; ours are plain integers, also accepted quoted.
  const match = /^"?(\d{1,15})(-[^"]*)?"?$/.exec(value);
  if (!match) throw badRequest(`invalid since: ${value.slice(0, 40)}`, 'SERVER_BAD_SINCE');
  return Number(match[1]);
}

function parseJsonParam(name: string, value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw badRequest(`${name} must be JSON`, 'SERVER_BAD_PARAMETER');
  }
}

/**
 * The part of the CouchDB replication API that PouchDB 9 uses (reference/sync-protocol.md §2, §4),
 * natively over the SQL document store.
 */
export async function replicationRoutes(app: FastifyInstance, options: ReplicationOptions): Promise<void> {
  const { docs, access: accessStore } = options;

  app.get('/', { schema: { summary: 'Server identity (stable uuid for replication ids)', hide: true } }, async () => ({
    couchdb: 'Welcome',
    vendor: { name: 'Borderpost' },
    version: '3.3.0',
    uuid: await docs.serverUuid(),
  }));

  app.get<{ Params: { db: string } }>('/:db', { schema: { params: DbParams, hide: true } }, async (request) => {
    const access = databaseAccess(principalOf(request), request.params.db);
    const info = await docs.databaseInfo(access.db);
    if (!info) throw notFound('Database does not exist.', 'SERVER_UNKNOWN_DATABASE');
    return info;
  });

  app.put<{ Params: { db: string } }>('/:db', { schema: { params: DbParams, hide: true } }, async (request, reply) => {
    const principal = principalOf(request);
    const access = databaseAccess(principal, request.params.db);
    const exists = (await docs.databaseInfo(access.db)) !== null;
    if (exists) return reply.code(412).send({ error: 'file_exists', reason: 'The database could not be created, the file already exists.', code: 'SERVER_DATABASE_EXISTS' });
    // Post databases are created at enrolment and the reference database at start; nobody else creates any.
    throw forbidden('databases are created by the server', 'SERVER_CANNOT_CREATE_DATABASE');
  });

  app.get<{ Params: { db: string; id: string } }>('/:db/_local/:id', { schema: { params: DocParams, hide: true } }, async (request) => {
    const access = databaseAccess(principalOf(request), request.params.db);
    await requireDatabase(docs, access.db);
    const doc = await docs.getLocal(access.db, access.localOwner, request.params.id);
    if (!doc) throw notFound('missing');
    return doc;
  });

  app.put<{ Params: { db: string; id: string }; Body: JsonObject }>(
    '/:db/_local/:id',
    { schema: { params: DocParams, body: { type: 'object' }, hide: true } },
    async (request, reply) => {
      const access = databaseAccess(principalOf(request), request.params.db);
      await requireDatabase(docs, access.db);
      if (JSON.stringify(request.body).length > 1_000_000) throw tooLarge('a _local document is at most 1 MB', 'SERVER_LOCAL_TOO_LARGE');
      const rev = await docs.putLocal(access.db, access.localOwner, request.params.id, request.body);
      return reply.code(201).send({ ok: true, id: `_local/${request.params.id}`, rev });
    },
  );

  const changesQuery = {
    type: 'object',
    properties: {
      since: { type: 'string', maxLength: 200 },
      limit: { type: 'string', pattern: '^\\d{1,9}$' },
      style: { type: 'string', enum: ['main_only', 'all_docs'] },
      feed: { type: 'string', enum: ['normal', 'longpoll'] },
      heartbeat: { type: 'string', pattern: '^(\\d{1,9}|true)$' },
      timeout: { type: 'string', pattern: '^\\d{1,9}$' },
      include_docs: bool,
      filter: { type: 'string', enum: ['_doc_ids'] },
    },
  } as const;

  async function changesHandler(request: FastifyRequest<{ Params: { db: string }; Querystring: Record<string, string | undefined> }>, reply: FastifyReply, docIds?: string[]) {
    const access = databaseAccess(principalOf(request), request.params.db);
    const query = request.query;
    let since = parseSince(query.since);
    if (since === 'now') since = (await docs.updateSeq(access.db)) ?? 0;
    const limit = Math.min(Number(query.limit ?? 10_000) || 10_000, 10_000);
    const feedOptions = {
      since,
      limit,
      allDocs: query.style === 'all_docs',
      includeDocs: query.include_docs === 'true',
      ...(access.audience !== undefined ? { audience: access.audience } : {}),
      ...(docIds !== undefined ? { docIds } : {}),
    };
    if (query.feed !== 'longpoll') return docs.changes(access.db, feedOptions);
    const heartbeat = query.heartbeat === undefined ? null : query.heartbeat === 'true' ? 10_000 : Math.max(Number(query.heartbeat), 1000);
    const timeout = Math.min(query.timeout === undefined ? options.longpollMaxMs : Number(query.timeout), options.longpollMaxMs);
    await waitForChanges({ request, reply, docs, db: access.db, feedOptions, heartbeatMs: heartbeat, timeoutMs: timeout, registry: options.longpolls });
    return reply;
  }

  app.get<{ Params: { db: string }; Querystring: Record<string, string | undefined> }>(
    '/:db/_changes',
    { schema: { params: DbParams, querystring: changesQuery, hide: true } },
    (request, reply) => changesHandler(request, reply),
  );

  // PouchDB sends `doc_ids` replication as POST _changes?filter=_doc_ids with {doc_ids: [...]}.
  app.post<{ Params: { db: string }; Querystring: Record<string, string | undefined>; Body: { doc_ids?: string[] } }>(
    '/:db/_changes',
    {
      schema: {
        params: DbParams,
        querystring: changesQuery,
        body: { type: 'object', properties: { doc_ids: { type: 'array', items: { type: 'string', maxLength: 300 }, maxItems: 10_000 } } },
        hide: true,
      },
    },
    (request, reply) => {
      if (request.query.filter !== '_doc_ids' || !Array.isArray(request.body.doc_ids)) {
        throw badRequest('POST _changes supports filter=_doc_ids with a doc_ids list', 'SERVER_UNSUPPORTED_FILTER');
      }
      return changesHandler(request, reply, request.body.doc_ids);
    },
  );

  // Never called by PouchDB; CouchDB's own replicator (central-to-central, disaster recovery) does. Every
  // acknowledged write here is already durable (synchronous=FULL / PostgreSQL commit), so it is a no-op.
  app.post<{ Params: { db: string } }>('/:db/_ensure_full_commit', { schema: { params: DbParams, hide: true } }, async (request, reply) => {
    const access = databaseAccess(principalOf(request), request.params.db);
    await requireDatabase(docs, access.db);
    return reply.code(201).send({ ok: true, instance_start_time: '0' });
  });

  app.post<{ Params: { db: string }; Body: Record<string, unknown> }>(
    '/:db/_revs_diff',
    { schema: { params: DbParams, body: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string', maxLength: 100 } } }, hide: true } },
    async (request) => {
      const access = databaseAccess(principalOf(request), request.params.db);
      await requireDatabase(docs, access.db);
      const ids = Object.keys(request.body);
      if (ids.length > options.maxBatchDocs) throw tooLarge(`at most ${options.maxBatchDocs} documents per _revs_diff`);
      return docs.revsDiff(access.db, request.body as Record<string, string[]>);
    },
  );

  app.post<{ Params: { db: string }; Body: { docs: unknown[]; new_edits?: boolean } }>(
    '/:db/_bulk_docs',
    {
      schema: {
        params: DbParams,
        body: { type: 'object', properties: { docs: { type: 'array' }, new_edits: { type: 'boolean' } }, required: ['docs'] },
        hide: true,
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const access = databaseAccess(principal, request.params.db);
      await requireDatabase(docs, access.db);
      const batch = request.body.docs;
      if (batch.length > options.maxBatchDocs) throw tooLarge(`at most ${options.maxBatchDocs} documents per _bulk_docs (got ${batch.length})`);
      if (access.write === 'none') throw forbidden(`${actorOf(principal)} may not write ${access.db}`, 'SERVER_READ_ONLY');
      const newEdits = request.body.new_edits !== false;
      const results = await writeBatch(docs, access, batch, newEdits);
      const denied = results.filter((result) => result.error !== undefined);
      await accessStore.audit({
        actor: actorOf(principal),
        action: 'replication.bulk-docs',
        target: access.db,
        outcome: denied.length === 0 ? 'ok' : 'denied',
        details: { written: results.length - denied.length, refused: denied.length, ...(denied[0] ? { firstRefusal: denied[0].reason } : {}) },
      });
      return reply.code(201).send(results);
    },
  );

  app.post<{ Params: { db: string }; Querystring: Record<string, string | undefined>; Body: { docs: { id?: unknown; rev?: unknown }[] } }>(
    '/:db/_bulk_get',
    {
      schema: {
        params: DbParams,
        querystring: { type: 'object', properties: { revs: bool, latest: bool, attachments: bool } },
        body: { type: 'object', properties: { docs: { type: 'array', items: { type: 'object' } } }, required: ['docs'] },
        hide: true,
      },
    },
    async (request) => {
      const access = databaseAccess(principalOf(request), request.params.db);
      await requireDatabase(docs, access.db);
      const wanted = request.body.docs;
      if (wanted.length > options.maxBatchDocs) throw tooLarge(`at most ${options.maxBatchDocs} documents per _bulk_get`);
      const readOptions = { revs: request.query.revs === 'true', attachments: request.query.attachments === 'true' };
      const requested = wanted.map((item) => ({ id: typeof item.id === 'string' ? item.id : '', rev: typeof item.rev === 'string' ? item.rev : undefined }));
      const metas = await docs.getMetas(access.db, [...new Set(requested.map((item) => item.id).filter((id) => id !== ''))]);
      const readable = requested.map((item) => {
        const meta = metas.get(item.id);
        if (!meta || !canRead(access, meta)) return null;
        const rev = item.rev ?? meta.winningRev;
        return { id: item.id, rev: request.query.latest === 'true' ? docs.latestLeaf(meta, rev) : rev, meta };
      });
      const found = await docs.readRevisions(access.db, readable.filter((item) => item !== null), readOptions);
      let next = 0;
      const results = requested.map((item, index) => {
        const doc = readable[index] ? found[next++] : null;
        return { id: item.id, docs: [doc ? { ok: doc } : { error: { id: item.id, rev: item.rev ?? 'undefined', error: 'not_found', reason: 'missing' } }] };
      });
      return { results };
    },
  );

  app.get<{ Params: { db: string; id: string }; Querystring: Record<string, string | undefined> }>(
    '/:db/:id',
    {
      schema: {
        params: DocParams,
        querystring: { type: 'object', properties: { rev: { type: 'string', maxLength: 100 }, revs: bool, latest: bool, attachments: bool, conflicts: bool, open_revs: { type: 'string', maxLength: 100_000 } } },
        hide: true,
      },
    },
    async (request) => {
      const access = databaseAccess(principalOf(request), request.params.db);
      await requireDatabase(docs, access.db);
      const { id } = request.params;
      const query = request.query;
      const meta = await docs.getMeta(access.db, id);
      const readOptions = { revs: query.revs === 'true', attachments: query.attachments === 'true', conflicts: query.conflicts === 'true' };
      if (query.open_revs !== undefined) {
        if (!meta || !canRead(access, meta)) throw notFound('missing');
        const requested = query.open_revs === 'all' ? docs.leaves(meta) : parseJsonParam('open_revs', query.open_revs);
        if (!Array.isArray(requested) || !requested.every((rev) => typeof rev === 'string')) throw badRequest('open_revs must be "all" or a JSON array of revisions', 'SERVER_BAD_PARAMETER');
        const out = [];
        for (const rev of requested as string[]) {
          const target = query.latest === 'true' ? docs.latestLeaf(meta, rev) : rev;
          const doc = await docs.readRevision(access.db, id, meta, target, readOptions);
          out.push(doc ? { ok: doc } : { missing: rev });
        }
        return out;
      }
      if (!meta || !canRead(access, meta)) throw notFound('missing');
      if (query.rev === undefined && meta.deleted) throw notFound('deleted');
      const rev = query.rev ?? meta.winningRev;
      const doc = await docs.readRevision(access.db, id, meta, query.latest === 'true' ? docs.latestLeaf(meta, rev) : rev, readOptions);
      if (!doc) throw notFound('missing');
      return doc;
    },
  );

  app.get<{ Params: { db: string; id: string; '*': string }; Querystring: { rev?: string } }>(
    '/:db/:id/*',
    { schema: { params: AttParams, querystring: { type: 'object', properties: { rev: { type: 'string', maxLength: 100 } } }, hide: true } },
    async (request, reply) => {
      const access = databaseAccess(principalOf(request), request.params.db);
      await requireDatabase(docs, access.db);
      const { id } = request.params;
      const name = request.params['*'];
      const meta = await docs.getMeta(access.db, id);
      if (!meta || !canRead(access, meta)) throw notFound('missing');
      const doc = await docs.readRevision(access.db, id, meta, request.query.rev ?? meta.winningRev);
      const stub = (doc?._attachments as Record<string, { content_type: string; digest: string }> | undefined)?.[name];
      if (!stub) throw notFound('Document is missing attachment', 'SERVER_NO_ATTACHMENT');
      const data = await docs.attachmentData(stub.digest);
      if (!data) throw notFound('attachment content is missing', 'SERVER_NO_ATTACHMENT');
      return reply.header('content-type', stub.content_type).header('etag', `"${stub.digest}"`).send(data);
    },
  );
}

async function requireDatabase(docs: DocStore, db: string): Promise<void> {
  if ((await docs.updateSeq(db)) === null) throw notFound('Database does not exist.', 'SERVER_UNKNOWN_DATABASE');
}

/**
 * Checks every document against what this principal may write, writes the valid ones and answers one
 * result per document in request order. A refused document is `forbidden` (PouchDB reports it as
 * `denied` and carries on); anything else would make PouchDB retry the whole batch forever.
 */
/** One batch through the per-document checks of replication; also used by bundle import (`bundle-import.ts`). */
export async function writeBatch(docs: DocStore, access: DatabaseAccess, batch: unknown[], newEdits: boolean): Promise<WriteResult[]> {
  // Malformed revisions are broken protocol input, not a policy refusal: the whole request is a 400 and
  // nothing is stored (PouchDB never sends them).
  for (const doc of batch) {
    if (typeof doc !== 'object' || doc === null) continue;
    const { _rev: rev, _revisions: revisions, _deleted: deleted } = doc as JsonObject;
    const parsed = parseRev(rev);
    if (newEdits ? rev !== undefined && !parsed : !parsed || !pathFromRevisions(parsed, revisions, deleted === true)) {
      throw badRequest(`invalid _rev or _revisions in document ${String((doc as JsonObject)._id).slice(0, 200)}`, 'SERVER_BAD_REVISION');
    }
  }
  const results: (WriteResult | null)[] = [];
  const accepted: JsonObject[] = [];
  const positions: number[] = [];
  batch.forEach((doc, index) => {
    const id = typeof doc === 'object' && doc !== null ? (doc as { _id?: unknown })._id : undefined;
    const rev = typeof doc === 'object' && doc !== null ? (doc as { _rev?: unknown })._rev : undefined;
    const refuse = (reason: string) =>
      results.push({ id: typeof id === 'string' ? id : '', ...(typeof rev === 'string' ? { rev } : {}), error: 'forbidden', reason });
    if (typeof id !== 'string' || id.length === 0 || id.length > 200 || id.startsWith('_')) return refuse('SERVER_BAD_DOC_ID: documents need an _id that does not start with "_"');
    // PostgreSQL cannot store NUL in text; refusing it on both backends keeps them identical.
    if (containsNul(doc)) return refuse('SERVER_NUL_CHARACTER: documents may not contain the NUL character');
    const check = access.write === 'post-documents' ? checkPostDocument(doc, access.postId as string) : checkReferenceDocument(doc);
    if (!check.ok) return refuse(`${check.code}: ${check.message}`);
    results.push(null);
    accepted.push(doc as JsonObject);
    positions.push(index);
  });
  if (accepted.length > 0) {
    const audienceOf = access.write === 'reference-documents' ? (doc: JsonObject) => encodeAudience(referenceAudience(doc)) : undefined;
    const written = await docs.writeDocs(access.db, accepted, { newEdits, ...(audienceOf ? { audienceOf } : {}) });
    written.forEach((result, i) => {
      const normalised = result.error && result.error !== 'forbidden' && result.error !== 'conflict' ? { ...result, error: 'forbidden', reason: `SERVER_BAD_REVISION: ${result.reason}` } : result;
      results[positions[i] as number] = normalised;
    });
  }
  return results as WriteResult[];
}

/** NUL anywhere in a document (attachment data is base64, which cannot hold one, so it is skipped). */
function containsNul(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null) return false;
  const { _attachments: attachments, ...rest } = doc as JsonObject;
  return JSON.stringify(rest).includes('\\u0000') || Object.keys((attachments as object | undefined) ?? {}).some((name) => name.includes('\u0000'));
}
