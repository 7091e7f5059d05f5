import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../auth/secrets';
import { badRequest, notFound } from '../storage/errors';
import { type ConsoleContext, IsoDate, anyObject, errorResponses, security } from './context';
import { LIST_IMPORT_FORMATS, type ListFiles, type ListFormat, ListRowsRefused, importList, listVersionsByPost, publishList } from './lists';
import { loadStayRules, saveStayRules } from './reconcile';
import { type ReportKind, reportCsv, runReport } from './reports';
import { CONSOLE_ROLES, type ConsoleRole } from './roles';
import { actor } from './session';

/** A refused list import: the error and every row issue with its stable code (MATCH_ROW_…). */
const ListImportErrorBody = {
  type: 'object',
  properties: {
    ok: { type: 'boolean', const: false },
    error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
    issues: { type: 'array', items: { type: 'object', properties: { row: { type: ['integer', 'string'] }, severity: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } } },
  },
} as const;

/** Management (stay rules, alert lists, users, stations) and reports. */
export async function manageRoutes(app: FastifyInstance, context: ConsoleContext): Promise<void> {
  const { sql, access } = context;

  app.get(
    '/api/console/stay-rules',
    { config: { public: true, capability: 'stay-rules.read' }, schema: { summary: 'Stay rules in force, with who saved them and when (null: the built-in default)', tags: ['console'], security, response: { 200: anyObject, ...errorResponses } } },
    async () => {
      const [saved] = await sql.query<{ updated_by: string; updated_at: string }>("SELECT updated_by, updated_at FROM sv_settings WHERE key = 'stay-rules'");
      return { rules: await loadStayRules(sql), updatedBy: saved?.updated_by ?? null, updatedAt: saved?.updated_at ?? null };
    },
  );
  app.put<{ Body: { rules: unknown[]; ifUpdatedAt?: string | null } }>(
    '/api/console/stay-rules',
    {
      config: { public: true, capability: 'stay-rules.edit' },
      schema: {
        summary: 'Replace the stay rules (fixed N days, rolling N in M days, exempt; matched by nationality and/or visa type; one default rule required); with ifUpdatedAt (the updatedAt read, null if never saved) a save over someone else\'s answers 409 SERVER_STAY_RULES_CHANGED',
        tags: ['console'],
        security,
        body: {
          type: 'object',
          properties: { rules: { type: 'array', minItems: 1, maxItems: 200, items: { type: 'object' } }, ifUpdatedAt: { type: ['string', 'null'], maxLength: 40 } },
          required: ['rules'],
          additionalProperties: false,
        },
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (request) => ({ rules: await saveStayRules(context, request.body.rules, actor(request), request.body.ifUpdatedAt) }),
  );

  app.get('/api/console/lists', { config: { public: true, capability: 'lists.manage' }, schema: { summary: 'Published alert lists and the version each post holds', tags: ['console'], security, response: { 200: anyObject, ...errorResponses } } }, async () =>
    listVersionsByPost(context),
  );
  app.post<{ Body: { listId: string; name?: string; format: ListFormat; content?: string; files?: ListFiles; threshold?: number } }>(
    '/api/console/lists/imports',
    {
      config: { public: true, capability: 'lists.manage' },
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        summary:
          'Import a list as the next version, for review: CSV, JSON or UN consolidated XML as content; US OFAC SDN as files.sdn (sdn.csv) with files.alt (alt.csv) in the same request. Each file at most 32 MiB. Row errors refuse the whole import (400 MATCH_LIST_BAD_ROWS with every row issue); nothing is stored. Answers row warnings and the differences with the published version',
        tags: ['console'],
        security,
        body: {
          type: 'object',
          properties: {
            listId: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,120}$' },
            name: { type: 'string', maxLength: 200 },
            format: { type: 'string', enum: [...LIST_IMPORT_FORMATS] },
            content: { type: 'string', minLength: 1 },
            files: { type: 'object', properties: { sdn: { type: 'string', minLength: 1 }, alt: { type: 'string' } }, additionalProperties: false },
            threshold: { type: 'number', minimum: 0, maximum: 1 },
          },
          required: ['listId', 'format'],
          additionalProperties: false,
        },
        response: { 201: anyObject, ...errorResponses, 400: ListImportErrorBody },
      },
    },
    async (request, reply) => {
      try {
        return reply.code(201).send(await importList(context, request.body, actor(request)));
      } catch (error) {
        if (error instanceof ListRowsRefused) return reply.code(400).send({ ok: false, error: { code: error.code, message: error.message }, issues: error.issues });
        throw error;
      }
    },
  );
  app.post<{ Params: { importId: string } }>(
    '/api/console/lists/imports/:importId/publish',
    { config: { public: true, capability: 'lists.manage' }, schema: { summary: 'Publish a reviewed import to the posts (reference documents)', tags: ['console'], security, params: { type: 'object', properties: { importId: { type: 'string', maxLength: 80 } }, required: ['importId'] }, response: { 200: anyObject, ...errorResponses } } },
    async (request) => publishList(context, request.params.importId, actor(request)),
  );

  app.get('/api/console/users', { config: { public: true, capability: 'users.manage' }, schema: { summary: 'Console users with their roles', tags: ['console'], security, response: { 200: anyObject, ...errorResponses } } }, async () => {
    const rows = await sql.query<{ user_id: string; name: string; role: string; console_role: string | null; disabled_at: string | null; created_at: string }>(
      'SELECT u.user_id, u.name, u.role, r.role AS console_role, u.disabled_at, u.created_at FROM users u LEFT JOIN sv_user_roles r ON r.user_id = u.user_id ORDER BY u.user_id',
    );
    return { users: rows.map((row) => ({ userId: row.user_id, name: row.name, role: row.console_role ?? (row.role === 'admin' ? 'admin' : 'supervisor'), disabledAt: row.disabled_at, createdAt: row.created_at })) };
  });
  app.post<{ Body: { userId: string; name: string; role: ConsoleRole; password: string } }>(
    '/api/console/users',
    {
      config: { public: true, capability: 'users.manage' },
      schema: {
        summary: 'Create a console user (supervisor, analyst or administrator)',
        tags: ['console'],
        security,
        body: { type: 'object', properties: { userId: { type: 'string', maxLength: 80 }, name: { type: 'string', maxLength: 200 }, role: { type: 'string', enum: [...CONSOLE_ROLES] }, password: { type: 'string', maxLength: 200 } }, required: ['userId', 'name', 'role', 'password'], additionalProperties: false },
        response: { 201: anyObject, ...errorResponses },
      },
    },
    async (request, reply) => {
      // The server's users table knows admin and supervisor only; an analyst is a read-only
      // 'supervisor' there (replication API) and an analyst here.
      await access.createUser({ ...request.body, role: request.body.role === 'admin' ? 'admin' : 'supervisor' }, actor(request));
      await setRole(request.body.userId, request.body.role);
      return reply.code(201).send({ userId: request.body.userId, role: request.body.role });
    },
  );
  async function setRole(userId: string, role: ConsoleRole): Promise<void> {
    await sql.execute('INSERT INTO sv_user_roles (user_id, role, updated_at) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO UPDATE SET role = excluded.role, updated_at = excluded.updated_at', [userId, role, new Date().toISOString()]);
  }
  app.post<{ Params: { userId: string }; Body: { role?: ConsoleRole; disabled?: boolean; password?: string } }>(
    '/api/console/users/:userId',
    {
      config: { public: true, capability: 'users.manage' },
      schema: {
        summary: "Change a user's role, disable or enable them, or reset their password; sessions end when disabled or reset",
        tags: ['console'],
        security,
        params: { type: 'object', properties: { userId: { type: 'string', maxLength: 80 } }, required: ['userId'] },
        body: { type: 'object', properties: { role: { type: 'string', enum: [...CONSOLE_ROLES] }, disabled: { type: 'boolean' }, password: { type: 'string', minLength: 10, maxLength: 200 } }, additionalProperties: false, minProperties: 1 },
        response: { 200: anyObject, ...errorResponses },
      },
    },
    async (request) => {
      const { userId } = request.params;
      const [user] = await sql.query<{ role: string }>('SELECT role FROM users WHERE user_id = $1', [userId]);
      if (!user) throw notFound(`no user ${userId}`, 'SERVER_UNKNOWN_USER');
      // An administrator cannot lock themselves out (another one must do it).
      if (request.body.disabled && actor(request) === `user:${userId}`) throw badRequest('you cannot disable your own account', 'SERVER_SELF_DISABLE');
      const now = new Date().toISOString();
      if (request.body.role) {
        if (request.body.role === 'admin' && user.role !== 'admin') throw badRequest('make administrators with a new account (the server role cannot be raised here)', 'SERVER_ROLE_CHANGE');
        await setRole(userId, request.body.role);
      }
      if (request.body.disabled !== undefined) await sql.execute('UPDATE users SET disabled_at = $2 WHERE user_id = $1', [userId, request.body.disabled ? now : null]);
      if (request.body.password) await sql.execute('UPDATE users SET password_hash = $2 WHERE user_id = $1', [userId, await hashPassword(request.body.password)]);
      if (request.body.disabled || request.body.password) await sql.execute('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [userId, now]);
      await access.audit({ actor: actor(request), action: 'console.user.update', target: userId, outcome: 'ok', details: { role: request.body.role ?? null, disabled: request.body.disabled ?? null, passwordReset: request.body.password !== undefined } });
      return { ok: true };
    },
  );

  app.get('/api/console/stations', { config: { public: true, capability: 'stations.manage' }, schema: { summary: 'Enrolled stations', tags: ['console'], security, response: { 200: anyObject, ...errorResponses } } }, async () => ({ stations: await access.listStations() }));
  app.post<{ Body: { postId: string; ttlMinutes?: number } }>(
    '/api/console/enrolment-codes',
    { config: { public: true, capability: 'stations.manage' }, schema: { summary: 'A one-time enrolment code for a new station of a post', tags: ['console'], security, body: { type: 'object', properties: { postId: { type: 'string', maxLength: 40 }, ttlMinutes: { type: 'integer', minimum: 1, maximum: 43200 } }, required: ['postId'], additionalProperties: false }, response: { 201: anyObject, ...errorResponses } } },
    async (request, reply) => reply.code(201).send(await access.createEnrolmentCode(request.body.postId, actor(request), request.body.ttlMinutes ?? 1440)),
  );
  app.post<{ Params: { stationId: string } }>(
    '/api/console/stations/:stationId/revoke',
    { config: { public: true, capability: 'stations.manage' }, schema: { summary: "Revoke a station's token", tags: ['console'], security, params: { type: 'object', properties: { stationId: { type: 'string', maxLength: 80 } }, required: ['stationId'] }, response: { 200: anyObject, ...errorResponses } } },
    async (request) => {
      await access.revokeStation(request.params.stationId, actor(request));
      return { ok: true };
    },
  );

  app.get<{ Params: { kind: ReportKind }; Querystring: { from: string; to: string; postId?: string; nationality?: string; by?: 'post' | 'officer' | 'station'; format?: 'json' | 'csv' } }>(
    '/api/console/reports/:kind',
    {
      config: { public: true, capability: 'reports.read' },
      schema: {
        summary: 'Reports: flows (day, post, direction, nationality), decisions (refusals and referrals), transit (time per step per post/officer/station), hours (crossings and total time per post and UTC hour); format=csv downloads',
        tags: ['console'],
        security,
        params: { type: 'object', properties: { kind: { type: 'string', enum: ['flows', 'decisions', 'transit', 'hours'] } }, required: ['kind'] },
        querystring: {
          type: 'object',
          properties: { from: IsoDate, to: IsoDate, postId: { type: 'string', maxLength: 40 }, nationality: { type: 'string', pattern: '^[A-Z<]{1,3}$' }, by: { type: 'string', enum: ['post', 'officer', 'station'] }, format: { type: 'string', enum: ['json', 'csv'], default: 'json' } },
          required: ['from', 'to'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { from, to, postId, nationality, by, format } = request.query;
      const report = await runReport(sql, request.params.kind, { from: from.slice(0, 10), to: to.slice(0, 10), ...(postId ? { postId } : {}), ...(nationality ? { nationality } : {}), ...(by ? { by } : {}) });
      await access.audit({ actor: actor(request), action: 'console.report.run', target: request.params.kind, outcome: 'ok', details: { from, to, format: format ?? 'json', ...(postId ? { postId } : {}), ...(nationality ? { nationality } : {}), ...(by ? { by } : {}) } });
      if (format === 'csv') {
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${request.params.kind}-${from.slice(0, 10)}-${to.slice(0, 10)}.csv"`)
          .send(reportCsv(report));
      }
      return report;
    },
  );
}
