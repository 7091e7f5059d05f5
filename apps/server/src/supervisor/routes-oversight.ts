import { parseDocId, postDatabaseName } from '@borderpost/schemas';
import type { FastifyInstance } from 'fastify';
import { badRequest, notFound } from '../storage/errors';
import { type ConsoleContext, IsoDate, anyObject, errorResponses, latestDecisions, security } from './context';
import { actor, clearSessionCookie, consoleRoleOf, csrfTokenOf, sessionTokenOf, setSessionCookie, userOf } from './session';

const SessionBody = { type: 'object', properties: { userId: { type: 'string' }, role: { type: 'string' }, csrfToken: { type: 'string' }, expiresAt: { type: 'string' } } } as const;

/** Sign-in for the SPA (cookie session), posts at a glance, crossings search and a crossing's record. */
export async function oversightRoutes(app: FastifyInstance, context: ConsoleContext): Promise<void> {
  const { access, sql, docs } = context;

  app.post<{ Body: { userId: string; password: string } }>(
    '/api/console/session',
    {
      config: { public: true },
      schema: {
        summary: 'Sign in to the console: sets an HttpOnly SameSite=Strict session cookie and returns the CSRF token to send as x-csrf-token on writes',
        tags: ['console'],
        body: { type: 'object', properties: { userId: { type: 'string', maxLength: 80 }, password: { type: 'string', maxLength: 200 } }, required: ['userId', 'password'], additionalProperties: false },
        response: { 200: SessionBody, ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (request, reply) => {
      // Lockout and audit of refusals are the server's (AccessStore.signIn).
      const session = await access.signIn(request.body.userId, request.body.password);
      setSessionCookie(request, reply, session.token, session.expiresAt);
      const role = await consoleRoleOf(sql, session.userId, session.role);
      return { userId: session.userId, role, csrfToken: csrfTokenOf(session.token), expiresAt: session.expiresAt };
    },
  );

  app.get('/api/console/session', { config: { public: true, capability: 'session' }, schema: { summary: 'Who is signed in, and the CSRF token', tags: ['console'], security, response: { 200: SessionBody, ...errorResponses } } }, async (request) => {
    const user = userOf(request);
    return { userId: user.userId, role: user.role, csrfToken: csrfTokenOf(sessionTokenOf(request)) };
  });

  app.delete('/api/console/session', { config: { public: true, capability: 'session' }, schema: { summary: 'Sign out (revokes the session)', tags: ['console'], security, response: { 200: anyObject, ...errorResponses } } }, async (request, reply) => {
    await access.signOut(sessionTokenOf(request), actor(request));
    clearSessionCookie(reply);
    return { ok: true };
  });

  app.get<{ Querystring: { silentHours?: number } }>(
    '/api/console/posts',
    {
      config: { public: true, capability: 'posts.read' },
      schema: {
        summary: "Posts at a glance: each station's last contact, latest device-health report (devices, documents waiting, software version, clock offset), latest crossing received; silent posts flagged",
        tags: ['console'],
        security,
        querystring: { type: 'object', properties: { silentHours: { type: 'integer', minimum: 1, maximum: 2000, default: 24 } }, additionalProperties: false },
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (request) => {
      const silentMs = (request.query.silentHours ?? 24) * 3_600_000;
      const now = Date.now();
      const posts = await access.listPosts();
      const stations = await sql.query<{ station_id: string; post_id: string; name: string; revoked_at: string | null; last_seen_at: string | null }>(
        'SELECT station_id, post_id, name, revoked_at, last_seen_at FROM stations ORDER BY post_id, station_id',
      );
      const health = await sql.query<{ station_id: string; post_id: string; reported_at: string; pending_docs: number; devices: string; software_version: string | null; disk_free_bytes: number | null; clock_offset_ms: number | null }>(
        'SELECT station_id, post_id, reported_at, pending_docs, devices, software_version, disk_free_bytes, clock_offset_ms FROM sv_device_health ORDER BY station_id',
      );
      const healthBy = new Map(health.map((row) => [row.station_id, row]));
      const result = [];
      // The newest crossing of every station: a row per station kept by the projector (migration 0014).
      const newest = await sql.query<{ station_id: string; post_id: string; decided_at: string; clock_offset_ms: number | null }>(
        'SELECT station_id, post_id, decided_at, clock_offset_ms FROM sv_station_latest ORDER BY decided_at DESC',
      );
      for (const post of posts) {
        const latest = newest.filter((row) => row.post_id === post.postId);
        const postStations = stations
          .filter((s) => s.post_id === post.postId)
          .map((s) => {
            const h = healthBy.get(s.station_id);
            const lastCrossing = latest.find((row) => row.station_id === s.station_id);
            const clockOffsetMs = h?.clock_offset_ms ?? lastCrossing?.clock_offset_ms ?? null;
            const silent = !s.revoked_at && (!s.last_seen_at || now - Date.parse(s.last_seen_at) > silentMs);
            return {
              stationId: s.station_id,
              name: s.name,
              revokedAt: s.revoked_at,
              lastSyncAt: s.last_seen_at,
              silent,
              lastCrossingAt: lastCrossing?.decided_at ?? null,
              pendingDocs: h ? Number(h.pending_docs) : null,
              healthReportedAt: h?.reported_at ?? null,
              devices: h ? (JSON.parse(h.devices) as unknown[]) : [],
              softwareVersion: h?.software_version ?? null,
              diskFreeBytes: h?.disk_free_bytes === null || h?.disk_free_bytes === undefined ? null : Number(h.disk_free_bytes),
              clockOffsetMs: clockOffsetMs === null ? null : Number(clockOffsetMs),
            };
          });
        const active = postStations.filter((s) => !s.revokedAt);
        const lastSyncAt = active.map((s) => s.lastSyncAt).filter((t): t is string => t !== null).sort().pop() ?? null;
        result.push({
          postId: post.postId,
          name: post.name,
          lastSyncAt,
          lastCrossingAt: latest[0]?.decided_at ?? null,
          // Skew of the clock that stamped the newest crossing (the post measured it against central's Date headers).
          clockOffsetMs: latest[0]?.clock_offset_ms === null || latest[0]?.clock_offset_ms === undefined ? null : Number(latest[0].clock_offset_ms),
          silent: active.length === 0 || active.every((s) => s.silent),
          stations: postStations,
          // Every latest report of the post's workstations, also those naming themselves differently
          // from their enrolment (a post's own station names).
          healthReports: health
            .filter((h) => h.post_id === post.postId)
            .map((h) => ({ stationId: h.station_id, reportedAt: h.reported_at, pendingDocs: Number(h.pending_docs), devices: JSON.parse(h.devices) as unknown[], softwareVersion: h.software_version, clockOffsetMs: h.clock_offset_ms === null ? null : Number(h.clock_offset_ms) })),
        });
      }
      return { now: new Date(now).toISOString(), silentHours: request.query.silentHours ?? 24, posts: result };
    },
  );

  app.get<{ Querystring: CrossingQuery }>(
    '/api/console/crossings',
    {
      config: { public: true, capability: 'crossings.read' },
      schema: {
        summary: 'Search crossings (newest first, keyset paging with `cursor`): name = surname prefix, document number, nationality, post, dates, decision, direction, hit',
        tags: ['console'],
        security,
        querystring: {
          type: 'object',
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 80 },
            document: { type: 'string', minLength: 1, maxLength: 30 },
            nationality: { type: 'string', pattern: '^[A-Z<]{1,3}$' },
            postId: { type: 'string', maxLength: 40 },
            from: IsoDate,
            to: IsoDate,
            outcome: { type: 'string', enum: ['admitted', 'refused', 'referred'] },
            direction: { type: 'string', enum: ['entry', 'exit'] },
            hit: { type: 'boolean' },
            cursor: { type: 'string', maxLength: 300 },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          },
          additionalProperties: false,
        },
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (request) => {
      const { sql: text, params } = crossingSearchSql(request.query);
      const limit = request.query.limit ?? 50;
      const rows = await sql.query<CrossingRow>(text, params);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      await access.audit({ actor: actor(request), action: 'console.crossings.search', outcome: 'ok', details: { filters: { ...request.query, cursor: undefined }, results: page.length } });
      return { crossings: page.map(crossingSummary), nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify([last.decided_at, last.id])).toString('base64url') : null };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/console/crossings/:id',
    {
      config: { public: true, capability: 'crossings.read' },
      schema: {
        summary: "A crossing's full record (MRZ and corrections, checks, hits with their review, decision, officer, step timings) with attachment URLs; the view is audited",
        tags: ['console'],
        security,
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 200 } }, required: ['id'] },
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (request) => {
      const doc = await readCrossing(context, request.params.id);
      await access.audit({ actor: actor(request), action: 'console.crossing.view', target: request.params.id, outcome: 'ok' });
      const attachments = Object.entries((doc._attachments as Record<string, { content_type: string; length?: number }> | undefined) ?? {}).map(([name, meta]) => ({
        name,
        contentType: meta.content_type,
        length: meta.length ?? null,
        url: `/api/console/crossings/${encodeURIComponent(request.params.id)}/attachments/${encodeURIComponent(name)}`,
      }));
      const hits = (doc.checks as { hits: unknown[] }).hits;
      const reviews = await latestDecisions(sql, 'hits', hits.map((_, index) => `${request.params.id}#${index}`));
      const { _attachments: _dropped, ...record } = doc;
      return { crossing: record, attachments, hitReviews: Object.fromEntries(reviews) };
    },
  );

  app.get<{ Params: { id: string; name: string } }>(
    '/api/console/crossings/:id/attachments/:name',
    {
      config: { public: true, capability: 'crossings.read' },
      schema: {
        summary: "An image of a crossing (face, fingerprints); audited like the record",
        tags: ['console'],
        security,
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 200 }, name: { type: 'string', maxLength: 100 } }, required: ['id', 'name'] },
      },
    },
    async (request, reply) => {
      const doc = await readCrossing(context, request.params.id);
      const meta = (doc._attachments as Record<string, { content_type: string; digest?: string }> | undefined)?.[request.params.name];
      const data = meta?.digest ? await docs.attachmentData(meta.digest) : null;
      if (!meta || !data) throw notFound(`no attachment ${request.params.name}`, 'SERVER_UNKNOWN_ATTACHMENT');
      await access.audit({ actor: actor(request), action: 'console.crossing.image', target: `${request.params.id}/${request.params.name}`, outcome: 'ok' });
      return reply.header('content-type', meta.content_type).header('cache-control', 'private, no-store').send(data);
    },
  );
}

async function readCrossing(context: ConsoleContext, id: string): Promise<Record<string, unknown>> {
  const parsed = parseDocId(id);
  if (!parsed || parsed.type !== 'crossing' || !parsed.postId) throw badRequest(`not a crossing id: ${id}`, 'SERVER_BAD_CROSSING_ID');
  const db = postDatabaseName(parsed.postId);
  const meta = await context.docs.getMeta(db, id).catch(() => null);
  const doc = meta && !meta.deleted ? await context.docs.readRevision(db, id, meta, meta.winningRev) : null;
  if (!doc) throw notFound(`no crossing ${id}`, 'SERVER_UNKNOWN_CROSSING');
  return doc;
}

export interface CrossingQuery {
  name?: string;
  document?: string;
  nationality?: string;
  postId?: string;
  from?: string;
  to?: string;
  outcome?: string;
  direction?: string;
  hit?: boolean;
  cursor?: string;
  limit?: number;
}

export interface CrossingRow {
  id: string;
  post_id: string;
  station_id: string;
  officer_id: string;
  direction: string;
  outcome: string;
  decided_at: string;
  surname: string;
  given_names: string;
  birth_date: string;
  nationality: string;
  issuing_state: string;
  document_number: string;
  hit_count: number;
  mrz_valid: number;
}

function crossingSummary(row: CrossingRow) {
  return {
    id: row.id,
    postId: row.post_id,
    stationId: row.station_id,
    officerId: row.officer_id,
    direction: row.direction,
    outcome: row.outcome,
    decidedAt: row.decided_at,
    surname: row.surname,
    givenNames: row.given_names,
    birthDate: row.birth_date,
    nationality: row.nationality,
    issuingState: row.issuing_state,
    documentNumber: row.document_number,
    hitCount: Number(row.hit_count),
    mrzValid: Number(row.mrz_valid) === 1,
  };
}

/** The search as SQL (exported for the benchmark, which runs the very same statements). */
export function crossingSearchSql(query: CrossingQuery): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    let text = clause;
    for (const value of values) {
      params.push(value);
      text = text.replace('?', `$${params.length}`);
    }
    where.push(text);
  };
  if (query.name) {
    // Surnames are stored upper case (MRZ); a prefix range keeps to the index on both databases.
    const prefix = query.name.trim().toUpperCase();
    add('surname >= ? AND surname < ?', prefix, `${prefix}\uFFFF`);
  }
  if (query.document) add('document_number = ?', query.document.trim().toUpperCase());
  if (query.nationality) add('nationality = ?', query.nationality);
  if (query.postId) add('post_id = ?', query.postId);
  if (query.from) add('decided_at >= ?', query.from.length === 10 ? `${query.from}T00:00:00.000Z` : query.from);
  if (query.to) add(query.to.length === 10 ? 'decided_at <= ?' : 'decided_at < ?', query.to.length === 10 ? `${query.to}T23:59:59.999Z` : query.to);
  if (query.outcome) add('outcome = ?', query.outcome);
  if (query.direction) add('direction = ?', query.direction);
  if (query.hit === true) where.push('hit_count > 0');
  if (query.hit === false) where.push('hit_count = 0');
  if (query.cursor) {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8'));
    } catch {
      decoded = null;
    }
    if (!Array.isArray(decoded) || decoded.length !== 2 || typeof decoded[0] !== 'string' || typeof decoded[1] !== 'string') throw badRequest('bad cursor', 'SERVER_BAD_CURSOR');
    add('(decided_at < ? OR (decided_at = ? AND id < ?))', decoded[0], decoded[0], decoded[1]);
  }
  params.push((query.limit ?? 50) + 1);
  const sql = `SELECT id, post_id, station_id, officer_id, direction, outcome, decided_at, surname, given_names, birth_date, nationality, issuing_state, document_number, hit_count, mrz_valid
    FROM sv_crossings ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY decided_at DESC, id DESC LIMIT $${params.length}`;
  return { sql, params };
}
