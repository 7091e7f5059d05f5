import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../storage/errors';
import { type ConsoleContext, IsoDate, Note, anyObject, errorResponses, latestDecisions, recordDecision, security } from './context';
import { createMerge, documentHistory, loadStayRules, openStays, possibleDuplicates, undoMerge } from './reconcile';
import { travellerRecords } from './duplicate-records';
import { hitDetails } from './hit-details';
import { conflictRoutes } from './routes-conflicts';
import { actor } from './session';
import { evaluateStay, matchStays } from './stay-rules';

const page = { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } } as const;

/** The reconciliation queues: stays and overstays, alert hits, duplicates, data quality, conflicts. */
export async function reconcileRoutes(app: FastifyInstance, context: ConsoleContext): Promise<void> {
  const { sql, access, docs } = context;
  // Every queue lists travellers (names, documents, decisions): who looked, at what, is audited like a record view.
  const auditList = (request: FastifyRequest, queue: string, query: object) =>
    access.audit({ actor: actor(request), action: `console.${queue}.list`, outcome: 'ok', details: Object.fromEntries(Object.entries(query).map(([key, value]) => [key, String(value)])) });

  app.get<{ Querystring: { asOf?: string; overstaysOnly?: boolean; postId?: string; after?: string; limit?: number } }>(
    '/api/console/stays',
    {
      config: { public: true, capability: 'stays.reconcile' },
      schema: {
        summary: 'Open stays (admitted entries with no exit yet, across posts), each under its stay rule; overstaysOnly=true lists entries past the allowed stay not yet decided',
        tags: ['console'],
        security,
        querystring: { type: 'object', properties: { asOf: IsoDate, overstaysOnly: { type: 'boolean', default: false }, postId: { type: 'string', maxLength: 40 }, after: { type: 'string', maxLength: 40 }, ...page }, additionalProperties: false },
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (request) => {
      const asOf = request.query.asOf ? (request.query.asOf.length === 10 ? `${request.query.asOf}T23:59:59.999Z` : request.query.asOf) : new Date().toISOString();
      await auditList(request, 'stays', request.query);
      return openStays(context, {
        asOf,
        overstaysOnly: request.query.overstaysOnly ?? false,
        limit: request.query.limit ?? 50,
        ...(request.query.after ? { after: request.query.after } : {}),
        ...(request.query.postId ? { postId: request.query.postId } : {}),
      });
    },
  );

  app.get<{ Params: { issuingState: string; documentNumber: string }; Querystring: { asOf?: string } }>(
    '/api/console/stays/:issuingState/:documentNumber',
    {
      config: { public: true, capability: 'stays.reconcile' },
      schema: {
        summary: "One document's crossings matched into stays (exits to entries across posts) with the current stay evaluated",
        tags: ['console'],
        security,
        params: { type: 'object', properties: { issuingState: { type: 'string', pattern: '^[A-Z<]{1,3}$' }, documentNumber: { type: 'string', maxLength: 30 } }, required: ['issuingState', 'documentNumber'] },
        querystring: { type: 'object', properties: { asOf: IsoDate }, additionalProperties: false },
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (request) => {
      const rows = await documentHistory(sql, request.params.issuingState, request.params.documentNumber);
      if (rows.length === 0) throw notFound('no crossing with this document', 'SERVER_UNKNOWN_DOCUMENT');
      const stays = matchStays(rows.map((row) => ({ id: row.id, postId: row.post_id, direction: row.direction, outcome: row.outcome, decidedAt: row.decided_at, nationality: row.nationality, visaType: row.visa_type })));
      await access.audit({ actor: actor(request), action: 'console.stays.view', target: `${request.params.issuingState}:${request.params.documentNumber}`, outcome: 'ok' });
      return { stays, evaluation: evaluateStay(stays, await loadStayRules(sql), request.query.asOf ?? new Date().toISOString()) };
    },
  );

  decisionRoute(app, context, {
    url: '/api/console/stays/decisions',
    queue: 'stays',
    capability: 'stays.reconcile',
    summary: 'Record a decision on an open stay or overstay (subject: the entry crossing id)',
    decisions: ['overstay-confirmed', 'left-unrecorded', 'exempt', 'exit-recorded-manually'],
  });

  app.get<{ Querystring: { status?: 'open' | 'decided'; listId?: string; postId?: string; limit?: number } }>(
    '/api/console/hits',
    {
      config: { public: true, capability: 'hits.review' },
      schema: {
        summary: 'Alert hits from the projections, newest first, with their review (confirm or dismiss with a note) and why they matched (reasons as data, null for older crossings; explanation in English)',
        tags: ['console'],
        security,
        querystring: { type: 'object', properties: { status: { type: 'string', enum: ['open', 'decided'], default: 'open' }, listId: { type: 'string', maxLength: 80 }, postId: { type: 'string', maxLength: 40 }, ...page }, additionalProperties: false },
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (request) => {
      await auditList(request, 'hits', request.query);
      const where: string[] = [];
      const params: unknown[] = [];
      if (request.query.listId) {
        params.push(request.query.listId);
        where.push(`h.list_id = $${params.length}`);
      }
      if (request.query.postId) {
        params.push(request.query.postId);
        where.push(`h.post_id = $${params.length}`);
      }
      const decidedExists = "EXISTS (SELECT 1 FROM sv_decisions d WHERE d.queue = 'hits' AND d.subject = h.crossing_id || '#' || CAST(h.hit_index AS TEXT))";
      where.push(request.query.status === 'decided' ? decidedExists : `NOT ${decidedExists}`);
      params.push(request.query.limit ?? 50);
      const rows = await sql.query<{ crossing_id: string; hit_index: number; post_id: string; list_id: string; entry_id: string; kind: string; score: number; acknowledgement: string | null; decided_at: string }>(
        `SELECT h.crossing_id, h.hit_index, h.post_id, h.list_id, h.entry_id, h.kind, h.score, h.acknowledgement, h.decided_at FROM alert_hits h
         WHERE ${where.join(' AND ')} ORDER BY h.decided_at DESC LIMIT $${params.length}`,
        params,
      );
      const reviews = await latestDecisions(sql, 'hits', rows.map((row) => `${row.crossing_id}#${row.hit_index}`));
      const details = await hitDetails(docs, rows.map((row) => ({ crossingId: row.crossing_id, hitIndex: Number(row.hit_index), postId: row.post_id })));
      return {
        hits: rows.map((row) => ({
          subject: `${row.crossing_id}#${row.hit_index}`,
          crossingId: row.crossing_id,
          hitIndex: Number(row.hit_index),
          postId: row.post_id,
          listId: row.list_id,
          entryId: row.entry_id,
          kind: row.kind,
          score: Number(row.score),
          officerAcknowledgement: row.acknowledgement,
          at: row.decided_at,
          review: reviews.get(`${row.crossing_id}#${row.hit_index}`) ?? null,
          // Why it matched: `reasons` as data (null for crossings recorded before them), else `explanation`.
          ...(details.get(`${row.crossing_id}#${row.hit_index}`) ?? { explanation: null, reasons: null }),
        })),
      };
    },
  );

  decisionRoute(app, context, {
    url: '/api/console/hits/decisions',
    queue: 'hits',
    capability: 'hits.review',
    summary: 'Confirm or dismiss an alert hit with a note (subject: <crossingId>#<hitIndex>)',
    decisions: ['confirmed', 'dismissed'],
    check: async (subject) => {
      const match = /^(.+)#(\d+)$/.exec(subject);
      const found = match ? await sql.query('SELECT 1 FROM alert_hits WHERE crossing_id = $1 AND hit_index = $2', [match[1], Number(match[2])]) : [];
      if (found.length === 0) throw notFound(`no alert hit ${subject}`, 'SERVER_UNKNOWN_HIT');
    },
  });

  app.get(
    '/api/console/hits/stats',
    { config: { public: true, capability: 'hits.review' }, schema: { summary: 'Alert hits per list and post: total, confirmed, dismissed, open', tags: ['console'], security, response: { 200: anyObject, ...errorResponses } } },
    async () => {
      const rows = await sql.query<{ list_id: string; post_id: string; total: number; confirmed: number; dismissed: number }>(
        `SELECT h.list_id, h.post_id, count(*) AS total,
           sum(CASE WHEN d.decision = 'confirmed' THEN 1 ELSE 0 END) AS confirmed,
           sum(CASE WHEN d.decision = 'dismissed' THEN 1 ELSE 0 END) AS dismissed
         FROM alert_hits h LEFT JOIN (
           SELECT subject, decision FROM sv_decisions WHERE id IN (SELECT max(id) FROM sv_decisions WHERE queue = 'hits' GROUP BY subject)
         ) d ON d.subject = h.crossing_id || '#' || CAST(h.hit_index AS TEXT)
         GROUP BY h.list_id, h.post_id ORDER BY h.list_id, h.post_id`,
      );
      return {
        stats: rows.map((row) => {
          const total = Number(row.total);
          const confirmed = Number(row.confirmed ?? 0);
          const dismissed = Number(row.dismissed ?? 0);
          return { listId: row.list_id, postId: row.post_id, total, confirmed, dismissed, open: total - confirmed - dismissed };
        }),
      };
    },
  );

  app.get<{ Querystring: { limit?: number; minScore?: number; since?: string } }>(
    '/api/console/duplicates',
    {
      config: { public: true, capability: 'duplicates.reconcile' },
      schema: {
        summary: 'Possible duplicate travellers: one document under several records; similar names with the same birth date and nationality; `records` gives each record (names, documents, first crossing) by id',
        tags: ['console'],
        security,
        querystring: { type: 'object', properties: { ...page, minScore: { type: 'number', minimum: 0, maximum: 1, default: 0.85 }, since: IsoDate }, additionalProperties: false },
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (request) => {
      await auditList(request, 'duplicates', request.query);
      // Same-document duplicates found since `since` (default: 90 days).
      const duplicates = (await possibleDuplicates(context, { limit: request.query.limit ?? 50, minScore: request.query.minScore ?? 0.85, since: request.query.since ?? new Date(Date.now() - 90 * 86_400_000).toISOString() })) as { travellerIds: string[] }[];
      // Each record as the supervisor compares them (names, documents, the crossing with the face photo).
      return { duplicates, records: await travellerRecords(context, duplicates.flatMap((d) => d.travellerIds)) };
    },
  );

  decisionRoute(app, context, {
    url: '/api/console/duplicates/decisions',
    queue: 'duplicates',
    capability: 'duplicates.reconcile',
    summary: 'Judge a pair distinct (subject: traveller ids joined by |, sorted); merging is POST /api/console/merges',
    decisions: ['distinct'],
  });

  app.post<{ Body: { survivorId: string; mergedIds: string[]; note: string } }>(
    '/api/console/merges',
    {
      config: { public: true, capability: 'duplicates.reconcile' },
      schema: {
        summary: 'Merge traveller records: writes a merge:<id> reference document that posts pull',
        tags: ['console'],
        security,
        body: { type: 'object', properties: { survivorId: { type: 'string', maxLength: 200 }, mergedIds: { type: 'array', items: { type: 'string', maxLength: 200 }, minItems: 1, maxItems: 20 }, note: Note }, required: ['survivorId', 'mergedIds', 'note'], additionalProperties: false },
        response: { 201: anyObject, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createMerge(context, request.body, actor(request))),
  );

  app.post<{ Params: { mergeId: string }; Body: { note: string } }>(
    '/api/console/merges/:mergeId/undo',
    {
      config: { public: true, capability: 'duplicates.reconcile' },
      schema: {
        summary: 'Undo a merge: a new revision of the merge document marked revoked, which posts pull',
        tags: ['console'],
        security,
        params: { type: 'object', properties: { mergeId: { type: 'string', pattern: '^merge:[A-Za-z0-9._-]{1,120}$' } }, required: ['mergeId'] },
        body: { type: 'object', properties: { note: Note }, required: ['note'], additionalProperties: false },
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (request) => undoMerge(context, request.params.mergeId, request.body.note, actor(request)),
  );

  app.get<{ Querystring: { kind: 'mrz' | 'clock' | 'impossible'; thresholdMinutes?: number; from?: string; limit?: number } }>(
    '/api/console/quality',
    {
      config: { public: true, capability: 'quality.reconcile' },
      schema: {
        summary: 'Data-quality queue: mrz = MRZ check failures an officer accepted; clock = crossings stamped by a clock off by more than thresholdMinutes; impossible = one document at two posts closer in time than thresholdMinutes',
        tags: ['console'],
        security,
        querystring: {
          type: 'object',
          properties: { kind: { type: 'string', enum: ['mrz', 'clock', 'impossible'] }, thresholdMinutes: { type: 'integer', minimum: 1, maximum: 100000 }, from: IsoDate, ...page },
          required: ['kind'],
          additionalProperties: false,
        },
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (request) => {
      await auditList(request, 'quality', request.query);
      const limit = request.query.limit ?? 50;
      const from = request.query.from ?? '0000';
      const notDecided = "NOT EXISTS (SELECT 1 FROM sv_decisions d WHERE d.queue = 'quality' AND d.subject = c.id)";
      const columns = 'c.id, c.post_id, c.station_id, c.officer_id, c.direction, c.outcome, c.decided_at, c.surname, c.given_names, c.issuing_state, c.document_number, c.clock_offset_ms';
      let rows: Record<string, unknown>[];
      if (request.query.kind === 'mrz') {
        rows = await sql.query(`SELECT ${columns} FROM sv_crossings c WHERE c.mrz_valid = 0 AND c.outcome = 'admitted' AND c.decided_at >= $1 AND ${notDecided} ORDER BY c.decided_at DESC LIMIT $2`, [from, limit]);
      } else if (request.query.kind === 'clock') {
        const ms = (request.query.thresholdMinutes ?? 5) * 60_000;
        // The literal minute term repeats the partial index's predicate (thresholds start at a minute), so
        // both databases read only skewed crossings (migration 0014).
        rows = await sql.query(
          `SELECT ${columns} FROM sv_crossings c WHERE (c.clock_offset_ms > 60000 OR c.clock_offset_ms < -60000) AND (c.clock_offset_ms > $1 OR c.clock_offset_ms < $2) AND c.decided_at >= $3 AND ${notDecided} ORDER BY c.decided_at DESC LIMIT $4`,
          [ms, -ms, from, limit],
        );
      } else {
        const minutes = request.query.thresholdMinutes ?? 60;
        // Candidates are read newest first; the partner is found through the document index. The time
        // window is compared in JS so the SQL stays portable (no interval arithmetic in the statement).
        const candidates = await sql.query<Record<string, unknown> & { id: string; post_id: string; decided_at: string; issuing_state: string; document_number: string }>(
          `SELECT ${columns} FROM sv_crossings c WHERE c.decided_at >= $1 AND ${notDecided} AND EXISTS (
             SELECT 1 FROM sv_crossings o WHERE o.document_number = c.document_number AND o.issuing_state = c.issuing_state AND o.post_id <> c.post_id AND o.id <> c.id)
           ORDER BY c.decided_at DESC LIMIT $2`,
          [from, limit * 10],
        );
        rows = [];
        for (const candidate of candidates) {
          const others = await sql.query<{ id: string; post_id: string; decided_at: string }>(
            'SELECT id, post_id, decided_at FROM sv_crossings WHERE document_number = $1 AND issuing_state = $2 AND post_id <> $3 AND decided_at >= $4 AND decided_at <= $5',
            [candidate.document_number, candidate.issuing_state, candidate.post_id, new Date(Date.parse(candidate.decided_at) - minutes * 60_000).toISOString(), new Date(Date.parse(candidate.decided_at) + minutes * 60_000).toISOString()],
          );
          if (others.length > 0) rows.push({ ...candidate, conflictingCrossings: others });
          if (rows.length >= limit) break;
        }
      }
      return { kind: request.query.kind, items: rows.map((row) => ({ ...row, clock_offset_ms: row.clock_offset_ms === null ? null : Number(row.clock_offset_ms) })) };
    },
  );

  decisionRoute(app, context, {
    url: '/api/console/quality/decisions',
    queue: 'quality',
    capability: 'quality.reconcile',
    summary: 'Record a decision on a data-quality item (subject: the crossing id)',
    decisions: ['accepted', 'corrected-at-post', 'referred-for-investigation'],
  });
  await conflictRoutes(app, context);
}

function decisionRoute(
  app: FastifyInstance,
  context: ConsoleContext,
  options: { url: string; queue: string; capability: 'stays.reconcile' | 'hits.review' | 'duplicates.reconcile' | 'quality.reconcile'; summary: string; decisions: string[]; check?: (subject: string) => Promise<void> },
): void {
  app.post<{ Body: { subject: string; decision: string; note: string } }>(
    options.url,
    {
      config: { public: true, capability: options.capability },
      schema: {
        summary: options.summary,
        tags: ['console'],
        security,
        body: { type: 'object', properties: { subject: { type: 'string', minLength: 1, maxLength: 500 }, decision: { type: 'string', enum: options.decisions }, note: Note }, required: ['subject', 'decision', 'note'], additionalProperties: false },
        response: { 201: anyObject, ...errorResponses },
      },
    },
    async (request, reply) => {
      await options.check?.(request.body.subject);
      const by = actor(request);
      const { decidedAt } = await recordDecision(context, { queue: options.queue, subject: request.body.subject, decision: request.body.decision, note: request.body.note, actor: by });
      return reply.code(201).send({ queue: options.queue, subject: request.body.subject, decision: request.body.decision, decidedBy: by, decidedAt });
    },
  );
}
