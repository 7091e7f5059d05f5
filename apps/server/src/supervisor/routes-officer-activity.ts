import { BorderpostError } from '@borderpost/common';
import type { FastifyInstance } from 'fastify';
import { badRequest, notFound } from '../storage/errors';
import type { SqlExecutor } from '../storage/sql';
import { type ConsoleContext, IsoDate, Note, anyObject, errorResponses, latestDecisions, recordDecision, security } from './context';
import { type OfficerActivityThresholds, type OfficerCounts, DEFAULT_OFFICER_THRESHOLDS, OfficerThresholdsSchema, mergeThresholds, parseOfficerSubject, unusualOfficerActivity } from './officer-activity';
import { actor } from './session';

const SETTINGS_KEY = 'officer-activity-thresholds';
const QUEUE = 'officer-activity';
export const OFFICER_DECISIONS = ['explained', 'addressed-with-officer', 'referred-for-investigation'] as const;

export async function loadOfficerThresholds(sql: SqlExecutor): Promise<OfficerActivityThresholds> {
  const [row] = await sql.query<{ value: string }>('SELECT value FROM sv_settings WHERE key = $1', [SETTINGS_KEY]);
  return row ? mergeThresholds(JSON.parse(row.value)) : DEFAULT_OFFICER_THRESHOLDS;
}

/** Crossing counts per post and officer in [from, to), read from the covering index sv_crossings_officer_activity (migration 0010). */
async function officerCounts(sql: SqlExecutor, from: string, to: string, fastMs: number, postId: string | undefined): Promise<OfficerCounts[]> {
  const rows = await sql.query<{ post_id: string; officer_id: string; crossings: number; admitted: number; hit_crossings: number; hit_admitted: number; unverified_admitted: number; fast: number }>(
    `SELECT post_id, officer_id, count(*) AS crossings,
       sum(CASE WHEN outcome = 'admitted' THEN 1 ELSE 0 END) AS admitted,
       sum(CASE WHEN hit_count > 0 THEN 1 ELSE 0 END) AS hit_crossings,
       sum(CASE WHEN hit_count > 0 AND outcome = 'admitted' THEN 1 ELSE 0 END) AS hit_admitted,
       sum(CASE WHEN outcome = 'admitted' AND (mrz_valid = 0 OR manual_entry = 1) THEN 1 ELSE 0 END) AS unverified_admitted,
       sum(CASE WHEN total_ms >= 0 AND total_ms < $3 THEN 1 ELSE 0 END) AS fast
     FROM sv_crossings WHERE decided_at >= $1 AND decided_at < $2 ${postId ? 'AND post_id = $4' : ''}
     GROUP BY post_id, officer_id`,
    postId ? [from, to, fastMs, postId] : [from, to, fastMs],
  );
  return rows.map((r) => ({
    postId: r.post_id,
    officerId: r.officer_id,
    crossings: Number(r.crossings),
    admitted: Number(r.admitted),
    hitCrossings: Number(r.hit_crossings),
    hitAdmitted: Number(r.hit_admitted),
    unverifiedAdmitted: Number(r.unverified_admitted),
    fast: Number(r.fast),
  }));
}

/**
 * Unusual officer activity in the data-quality queue (rules in officer-activity.ts). A decision on an
 * item (post, officer, rule) holds while the window still reaches back before it: the item comes back
 * only once the whole window is newer than the decision, i.e. on fresh evidence.
 */
export async function officerActivityRoutes(app: FastifyInstance, context: ConsoleContext): Promise<void> {
  const { sql } = context;

  app.get<{ Querystring: { asOf?: string; postId?: string; status?: 'open' | 'decided' } }>(
    '/api/console/quality/officers',
    {
      config: { public: true, capability: 'quality.reconcile' },
      schema: {
        summary:
          'Unusual officer activity over the threshold window ending asOf (default now): hit overrides, unverified documents admitted, implausibly fast decisions, each compared with the post norm, with an explanation',
        tags: ['console'],
        security,
        querystring: { type: 'object', properties: { asOf: IsoDate, postId: { type: 'string', maxLength: 40 }, status: { type: 'string', enum: ['open', 'decided'], default: 'open' } }, additionalProperties: false },
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (request) => {
      const thresholds = await loadOfficerThresholds(sql);
      const asOf = request.query.asOf ? (request.query.asOf.length === 10 ? `${request.query.asOf}T23:59:59.999Z` : request.query.asOf) : new Date().toISOString();
      const from = new Date(Date.parse(asOf) - thresholds.windowDays * 86_400_000).toISOString();
      const flagged = unusualOfficerActivity(await officerCounts(sql, from, asOf, thresholds.fastSeconds * 1000, request.query.postId), thresholds);
      const decisions = await latestDecisions(sql, QUEUE, flagged.map((item) => item.subject));
      // A decision taken inside the window covers the evidence it saw.
      const decided = (subject: string) => {
        const decision = decisions.get(subject);
        return decision && decision.decidedAt >= from ? decision : null;
      };
      const wanted = request.query.status ?? 'open';
      return {
        window: { from, to: asOf },
        thresholds,
        items: flagged.filter((item) => (decided(item.subject) === null) === (wanted === 'open')).map((item) => ({ ...item, decision: decided(item.subject) })),
      };
    },
  );

  app.get(
    '/api/console/quality/officers/thresholds',
    { config: { public: true, capability: 'quality.reconcile' }, schema: { summary: 'Thresholds of the unusual-officer-activity rules in force', tags: ['console'], security, response: { 200: anyObject, ...errorResponses } } },
    async () => ({ thresholds: await loadOfficerThresholds(sql) }),
  );

  app.put<{ Body: Record<string, unknown> }>(
    '/api/console/quality/officers/thresholds',
    {
      config: { public: true, capability: 'quality.reconcile' },
      schema: { summary: 'Change the unusual-officer-activity thresholds (absent fields keep their current value)', tags: ['console'], security, body: OfficerThresholdsSchema, response: { 200: anyObject, ...errorResponses } },
    },
    async (request) => {
      const current = await loadOfficerThresholds(sql);
      const body = request.body as Partial<OfficerActivityThresholds>;
      let next: OfficerActivityThresholds;
      try {
        next = mergeThresholds({ ...current, ...body, minBase: { ...current.minBase, ...(body.minBase ?? {}) }, enabled: { ...current.enabled, ...(body.enabled ?? {}) } });
      } catch (error) {
        throw badRequest((error as Error).message, error instanceof BorderpostError ? error.code : 'SERVER_BAD_THRESHOLDS');
      }
      const by = actor(request);
      await sql.transaction(async (tx) => {
        await tx.execute(
          'INSERT INTO sv_settings (key, value, updated_by, updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at',
          [SETTINGS_KEY, JSON.stringify(next), by, new Date().toISOString()],
        );
        await context.access.audit({ actor: by, action: 'console.officer-thresholds.save', outcome: 'ok', details: { windowDays: next.windowDays, ratio: next.ratio } }, tx);
      });
      return { thresholds: next };
    },
  );

  app.post<{ Body: { subject: string; decision: string; note: string } }>(
    '/api/console/quality/officers/decisions',
    {
      config: { public: true, capability: 'quality.reconcile' },
      schema: {
        summary: 'Record a decision on an unusual-activity item (subject: officer-activity:<postId>:<officerId>:<rule>)',
        tags: ['console'],
        security,
        body: { type: 'object', properties: { subject: { type: 'string', minLength: 1, maxLength: 200 }, decision: { type: 'string', enum: [...OFFICER_DECISIONS] }, note: Note }, required: ['subject', 'decision', 'note'], additionalProperties: false },
        response: { 201: anyObject, ...errorResponses },
      },
    },
    async (request, reply) => {
      const parsed = parseOfficerSubject(request.body.subject);
      if (!parsed) throw badRequest('subject must be officer-activity:<postId>:<officerId>:<rule>', 'SERVER_BAD_SUBJECT');
      const known = await sql.query('SELECT 1 FROM sv_crossings WHERE post_id = $1 AND officer_id = $2 LIMIT 1', [parsed.postId, parsed.officerId]);
      if (known.length === 0) throw notFound(`no crossing by officer ${parsed.officerId} at ${parsed.postId}`, 'SERVER_UNKNOWN_OFFICER');
      const by = actor(request);
      const { decidedAt } = await recordDecision(context, { queue: QUEUE, subject: request.body.subject, decision: request.body.decision, note: request.body.note, actor: by, details: parsed });
      return reply.code(201).send({ queue: QUEUE, subject: request.body.subject, decision: request.body.decision, decidedBy: by, decidedAt });
    },
  );
}
