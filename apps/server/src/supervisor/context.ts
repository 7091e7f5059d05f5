import type { AccessStore } from '../auth/access-store';
import type { DocStore } from '../storage/doc-store';
import type { SqlDatabase } from '../storage/sql';
import type { ConsoleProjector } from './projector';

export interface ConsoleContext {
  access: AccessStore;
  docs: DocStore;
  sql: SqlDatabase;
  projector: ConsoleProjector;
}

export const ErrorBody = {
  type: 'object',
  properties: { ok: { type: 'boolean', const: false }, error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } },
} as const;
export const errorResponses = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
/**
 * The bearer session token, or the `bp_console` session cookie with the x-csrf-token header on writes
 * (see POST /api/console/session). Only `bearer` is declared here: the app's OpenAPI components are
 * the server's, and the cookie is described on the sign-in route.
 */
export const security: { [label: string]: string[] }[] = [{ bearer: [] }];
export const Note = { type: 'string', minLength: 1, maxLength: 4000 } as const;
export const IsoDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+Z)?$' } as const;

/** A permissive object response (the fields are documented in the summary; rows vary by query). */
export const anyObject = { type: 'object', additionalProperties: true } as const;

export async function latestDecisions(sql: SqlDatabase, queue: string, subjects: string[]): Promise<Map<string, { decision: string; note: string; decidedBy: string; decidedAt: string }>> {
  const result = new Map<string, { decision: string; note: string; decidedBy: string; decidedAt: string }>();
  if (subjects.length === 0) return result;
  const placeholders = subjects.map((_, i) => `$${i + 2}`).join(', ');
  const rows = await sql.query<{ subject: string; decision: string; note: string; decided_by: string; decided_at: string; id: number }>(
    `SELECT subject, decision, note, decided_by, decided_at, id FROM sv_decisions WHERE queue = $1 AND subject IN (${placeholders}) ORDER BY id`,
    [queue, ...subjects],
  );
  for (const row of rows) result.set(row.subject, { decision: row.decision, note: row.note, decidedBy: row.decided_by, decidedAt: row.decided_at });
  return result;
}

export async function recordDecision(
  context: ConsoleContext,
  entry: { queue: string; subject: string; decision: string; note: string; actor: string; details?: Record<string, unknown> },
): Promise<{ decidedAt: string }> {
  const decidedAt = new Date().toISOString();
  await context.sql.transaction(async (tx) => {
    await tx.execute('INSERT INTO sv_decisions (queue, subject, decision, note, decided_by, decided_at, details) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      entry.queue,
      entry.subject,
      entry.decision,
      entry.note,
      entry.actor,
      decidedAt,
      entry.details ? JSON.stringify(entry.details) : null,
    ]);
    await context.access.audit({ actor: entry.actor, action: `console.${entry.queue}.decide`, target: entry.subject, outcome: 'ok', details: { decision: entry.decision } }, tx);
  });
  return { decidedAt };
}
