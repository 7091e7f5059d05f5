import type { FastifyInstance } from 'fastify';
import { badRequest } from '../storage/errors';
import { type ConsoleContext, IsoDate, anyObject, errorResponses, security } from './context';
import { referenceDocsByPrefix } from './reconcile';

export interface ProfileStatsRow {
  profileId: string;
  name: string | null;
  action: string | null;
  postId: string | null;
  period: string | null;
  flagged: number;
  admitted: number;
  refused: number;
  referred: number;
  /** Referred crossings with a final decision after secondary inspection, and those still waiting. */
  secondary: { admitted: number; refused: number; pending: number };
  /** Flagged crossings that also had an alert-list hit. */
  withAlertHit: number;
  /** Refused directly or after secondary: the share of flagged crossings the profile "caught". */
  refusedShare: number;
}

/**
 * Risk-profile hit statistics (issue 9): per profile, optionally per post and per period (day or
 * month), how many crossings it flagged and what became of them — from `sv_crossing_flags`, which the
 * console projector keeps from each crossing's `checks.riskFlags`, `decision` and `final`.
 */
export async function riskStatsRoutes(app: FastifyInstance, context: ConsoleContext): Promise<void> {
  app.get<{ Querystring: { from?: string; to?: string; postId?: string; byPost?: boolean; period?: 'all' | 'month' | 'day' } }>(
    '/api/console/risk-profiles/stats',
    {
      config: { public: true, capability: 'profiles.manage' },
      schema: {
        summary:
          'Hit statistics of risk profiles: crossings flagged per profile (byPost: and post; period: and month or day) between from and to (days, inclusive), with their decisions (admitted, refused, referred), secondary-inspection outcomes and alert-hit overlap',
        tags: ['console'],
        security,
        querystring: {
          type: 'object',
          properties: { from: IsoDate, to: IsoDate, postId: { type: 'string', maxLength: 40 }, byPost: { type: 'boolean', default: false }, period: { type: 'string', enum: ['all', 'month', 'day'], default: 'all' } },
          additionalProperties: false,
        },
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (request) => {
      const from = request.query.from?.slice(0, 10) ?? '0000-01-01';
      const to = request.query.to?.slice(0, 10) ?? '9999-12-31';
      if (to < from) throw badRequest('to is before from', 'SERVER_BAD_DATES');
      const period = request.query.period ?? 'all';
      const byPost = request.query.byPost ?? false;
      const params: unknown[] = [from, to];
      let where = 'day >= $1 AND day <= $2';
      if (request.query.postId) {
        params.push(request.query.postId);
        where += ` AND post_id = $${params.length}`;
      }
      const periodExpr = period === 'month' ? 'substr(day, 1, 7)' : period === 'day' ? 'day' : 'NULL';
      const groups = ['profile_id', ...(byPost ? ['post_id'] : []), ...(period !== 'all' ? [periodExpr] : [])];
      const rows = await context.sql.query<{ profile_id: string; post_id: string | null; period: string | null; flagged: number; admitted: number; refused: number; referred: number; final_admitted: number; final_refused: number; with_hit: number }>(
        `SELECT profile_id, ${byPost ? 'post_id' : 'NULL'} AS post_id, ${periodExpr} AS period, count(*) AS flagged,
           sum(CASE WHEN outcome = 'admitted' THEN 1 ELSE 0 END) AS admitted,
           sum(CASE WHEN outcome = 'refused' THEN 1 ELSE 0 END) AS refused,
           sum(CASE WHEN outcome = 'referred' THEN 1 ELSE 0 END) AS referred,
           sum(CASE WHEN outcome = 'referred' AND final_outcome = 'admitted' THEN 1 ELSE 0 END) AS final_admitted,
           sum(CASE WHEN outcome = 'referred' AND final_outcome = 'refused' THEN 1 ELSE 0 END) AS final_refused,
           sum(CASE WHEN hit_count > 0 THEN 1 ELSE 0 END) AS with_hit
         FROM sv_crossing_flags WHERE ${where}
         GROUP BY ${groups.join(', ')} ORDER BY ${groups.join(', ')}`,
        params,
      );
      const profiles = new Map((await referenceDocsByPrefix(context, 'risk-profile:')).map((doc) => [String(doc.profileId), doc]));
      const stats: ProfileStatsRow[] = rows.map((row) => {
        const flagged = Number(row.flagged);
        const referred = Number(row.referred);
        const secondary = { admitted: Number(row.final_admitted ?? 0), refused: Number(row.final_refused ?? 0), pending: 0 };
        secondary.pending = referred - secondary.admitted - secondary.refused;
        const refused = Number(row.refused ?? 0);
        const profile = profiles.get(row.profile_id);
        return {
          profileId: row.profile_id,
          name: typeof profile?.name === 'string' ? profile.name : null,
          action: typeof profile?.action === 'string' ? profile.action : null,
          postId: row.post_id ?? null,
          period: row.period ?? null,
          flagged,
          admitted: Number(row.admitted ?? 0),
          refused,
          referred,
          secondary,
          withAlertHit: Number(row.with_hit ?? 0),
          refusedShare: flagged === 0 ? 0 : (refused + secondary.refused) / flagged,
        };
      });
      // Without grouping by post or period, a profile that flagged nothing is a row too: "never fires" is
      // what an analyst most needs to see.
      if (!byPost && period === 'all') {
        const seen = new Set(stats.map((s) => s.profileId));
        for (const [profileId, doc] of profiles) {
          if (seen.has(profileId)) continue;
          stats.push({ profileId, name: String(doc.name ?? ''), action: String(doc.action ?? ''), postId: null, period: null, flagged: 0, admitted: 0, refused: 0, referred: 0, secondary: { admitted: 0, refused: 0, pending: 0 }, withAlertHit: 0, refusedShare: 0 });
        }
        stats.sort((a, b) => a.profileId.localeCompare(b.profileId));
      }
      return { from, to, byPost, period, stats };
    },
  );
}
