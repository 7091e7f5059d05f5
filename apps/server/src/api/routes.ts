import { parseBundlePublicKeys } from '../auth/bundle-keys';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type AccessStore, type Principal, type Role, actorOf } from '../auth/access-store';
import type { Projector } from '../projections/projector';
import type { DocStore } from '../storage/doc-store';
import { badRequest, forbidden } from '../storage/errors';
import { BorderpostError } from '@borderpost/common';
import { importStationBundle } from '../replication/bundle-import';
import { exportReferenceBundle } from '../replication/bundle-export';

/** Bundles larger than this go through the CLI (the body is held in memory). */
const BUNDLE_HTTP_LIMIT = 256 * 1024 * 1024;
import type { SqlDatabase } from '../storage/sql';

export interface ApiOptions {
  access: AccessStore;
  docs: DocStore;
  sql: SqlDatabase;
  projector: Projector;
  enrolCodeTtlMinutes: number;
}

const ErrorBody = {
  type: 'object',
  properties: { ok: { type: 'boolean', const: false }, error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } },
} as const;
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const bearer = [{ bearer: [] }];

function requireRole(request: FastifyRequest, roles: Role[]): Principal & { kind: 'user' } {
  const principal = request.principal;
  // An analyst (PrincipalRole) never passes: the admin API is for administrators and supervisors.
  if (!principal || principal.kind !== 'user' || !(roles as string[]).includes(principal.role)) {
    throw forbidden(`this needs the role ${roles.join(' or ')}`, 'SERVER_ROLE_REQUIRED');
  }
  return principal;
}

function bearerToken(request: FastifyRequest): string {
  return (request.headers.authorization ?? '').replace(/^Bearer /, '');
}

/**
 * The admin/supervisor API (described by OpenAPI at /api/openapi.json) and station enrolment.
 * Sign-in and enrolment are the only routes without a bearer token: they are how one is obtained.
 */
export async function apiRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { access } = options;

  const bundleKeysSchema = {
    type: 'object',
    description: 'PEM public keys for removable-media bundles: Ed25519 (signing) and X25519 (encryption)',
    properties: { signing: { type: 'string', maxLength: 1000 }, encryption: { type: 'string', maxLength: 1000 } },
    required: ['signing', 'encryption'],
    additionalProperties: false,
  } as const;

  app.post<{ Body: { code: string; stationName: string; bundleKeys?: unknown } }>(
    '/api/stations/enrol',
    {
      config: { public: true },
      schema: {
        summary: 'Enrol a station with a one-time code',
        tags: ['stations'],
        body: {
          type: 'object',
          properties: { code: { type: 'string', minLength: 4, maxLength: 40 }, stationName: { type: 'string', minLength: 1, maxLength: 120 }, bundleKeys: bundleKeysSchema },
          required: ['code', 'stationName'],
          additionalProperties: false,
        },
        response: {
          201: {
            type: 'object',
            properties: {
              stationId: { type: 'string' },
              postId: { type: 'string' },
              token: { type: 'string' },
              databases: { type: 'object', properties: { outbox: { type: 'string' }, reference: { type: 'string' } } },
              centralBundleKeys: bundleKeysSchema,
            },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      // Keys are checked before the code is spent, so a bad key does not burn the one-time code.
      const bundleKeys = request.body.bundleKeys === undefined ? null : parseBundlePublicKeys(request.body.bundleKeys);
      return reply.code(201).send(await access.enrolStation(request.body.code, request.body.stationName, bundleKeys));
    },
  );

  app.put<{ Body: { bundleKeys: unknown } }>(
    '/api/stations/self/bundle-keys',
    {
      schema: {
        summary: "The calling station registers (or replaces) its bundle keys; answers with central's",
        tags: ['stations'],
        security: bearer,
        body: { type: 'object', properties: { bundleKeys: bundleKeysSchema }, required: ['bundleKeys'], additionalProperties: false },
        response: { 200: { type: 'object', properties: { centralBundleKeys: bundleKeysSchema } }, ...errors },
      },
    },
    async (request) => {
      const principal = request.principal;
      if (!principal || principal.kind !== 'station') throw forbidden('only a station registers its own bundle keys', 'SERVER_STATION_REQUIRED');
      return access.registerBundleKeys(principal.stationId, parseBundlePublicKeys(request.body.bundleKeys));
    },
  );

  app.post<{ Body: { userId: string; password: string } }>(
    '/api/auth/sign-in',
    {
      config: { public: true },
      schema: {
        summary: 'Sign in (administrators and supervisors); returns a session bearer token',
        tags: ['auth'],
        body: { type: 'object', properties: { userId: { type: 'string', maxLength: 80 }, password: { type: 'string', maxLength: 200 } }, required: ['userId', 'password'], additionalProperties: false },
        response: { 200: { type: 'object', properties: { token: { type: 'string' }, userId: { type: 'string' }, role: { type: 'string' }, expiresAt: { type: 'string' } } }, ...errors },
      },
    },
    async (request) => access.signIn(request.body.userId, request.body.password),
  );

  app.post('/api/auth/sign-out', { schema: { summary: 'End this session', tags: ['auth'], security: bearer, response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } }, ...errors } } }, async (request) => {
    requireRole(request, ['admin', 'supervisor']);
    await access.signOut(bearerToken(request), actorOf(request.principal));
    return { ok: true };
  });

  app.get('/api/me', { schema: { summary: 'Who this token belongs to', tags: ['auth'], security: bearer } }, async (request) => request.principal);

  app.post<{ Body: { userId: string; name: string; role: Role; password: string } }>(
    '/api/users',
    {
      schema: {
        summary: 'Create an administrator or supervisor',
        tags: ['users'],
        security: bearer,
        body: {
          type: 'object',
          properties: { userId: { type: 'string', maxLength: 80 }, name: { type: 'string', maxLength: 200 }, role: { type: 'string', enum: ['admin', 'supervisor'] }, password: { type: 'string', maxLength: 200 } },
          required: ['userId', 'name', 'role', 'password'],
          additionalProperties: false,
        },
        response: { 201: { type: 'object', properties: { userId: { type: 'string' }, role: { type: 'string' } } }, ...errors },
      },
    },
    async (request, reply) => {
      const admin = requireRole(request, ['admin']);
      await access.createUser(request.body, actorOf(admin));
      return reply.code(201).send({ userId: request.body.userId, role: request.body.role });
    },
  );

  app.get('/api/posts', { schema: { summary: 'Posts with their active stations and database sequence', tags: ['posts'], security: bearer } }, async (request) => {
    requireRole(request, ['admin', 'supervisor']);
    return { posts: await access.listPosts() };
  });

  app.post<{ Body: { postId: string; name: string } }>(
    '/api/posts',
    {
      schema: {
        summary: 'Create a post (and its database)',
        tags: ['posts'],
        security: bearer,
        body: { type: 'object', properties: { postId: { type: 'string', maxLength: 40 }, name: { type: 'string', maxLength: 200 } }, required: ['postId', 'name'], additionalProperties: false },
      },
    },
    async (request, reply) => {
      const admin = requireRole(request, ['admin']);
      await access.ensurePost(request.body.postId, request.body.name);
      await access.audit({ actor: actorOf(admin), action: 'post.create', target: request.body.postId, outcome: 'ok' });
      return reply.code(201).send({ postId: request.body.postId, database: `post-${request.body.postId}` });
    },
  );

  app.get('/api/stations', { schema: { summary: 'Enrolled stations', tags: ['stations'], security: bearer } }, async (request) => {
    requireRole(request, ['admin', 'supervisor']);
    return { stations: await access.listStations() };
  });

  app.post<{ Params: { stationId: string } }>(
    '/api/stations/:stationId/revoke',
    { schema: { summary: "Revoke a station's token", tags: ['stations'], security: bearer, params: { type: 'object', properties: { stationId: { type: 'string', maxLength: 80 } }, required: ['stationId'] } } },
    async (request) => {
      const admin = requireRole(request, ['admin']);
      await access.revokeStation(request.params.stationId, actorOf(admin));
      return { ok: true };
    },
  );

  app.post<{ Body: { postId: string; ttlMinutes?: number } }>(
    '/api/enrolment-codes',
    {
      schema: {
        summary: 'Create a one-time enrolment code for a post',
        tags: ['stations'],
        security: bearer,
        body: { type: 'object', properties: { postId: { type: 'string', maxLength: 40 }, ttlMinutes: { type: 'integer', minimum: 1, maximum: 43200 } }, required: ['postId'], additionalProperties: false },
      },
    },
    async (request, reply) => {
      const admin = requireRole(request, ['admin']);
      return reply.code(201).send(await access.createEnrolmentCode(request.body.postId, actorOf(admin), request.body.ttlMinutes ?? options.enrolCodeTtlMinutes));
    },
  );

  app.post<{ Params: { codeId: string } }>(
    '/api/enrolment-codes/:codeId/revoke',
    { schema: { summary: 'Revoke an unused enrolment code', tags: ['stations'], security: bearer, params: { type: 'object', properties: { codeId: { type: 'string', maxLength: 80 } }, required: ['codeId'] } } },
    async (request) => {
      const admin = requireRole(request, ['admin']);
      await access.revokeEnrolmentCode(request.params.codeId, actorOf(admin));
      return { ok: true };
    },
  );

  app.get<{ Querystring: { limit?: number } }>(
    '/api/audit',
    { schema: { summary: 'Who did what, newest first', tags: ['audit'], security: bearer, querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } } } } },
    async (request) => {
      requireRole(request, ['admin']);
      return { entries: await access.listAudit(request.query.limit ?? 100) };
    },
  );

  app.get<{ Querystring: { postId?: string; limit?: number } }>(
    '/api/crossings',
    {
      schema: {
        summary: 'Projected crossings, newest first',
        tags: ['supervision'],
        security: bearer,
        querystring: { type: 'object', properties: { postId: { type: 'string', maxLength: 40 }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } } },
      },
    },
    async (request) => {
      requireRole(request, ['admin', 'supervisor']);
      const limit = request.query.limit ?? 100;
      const rows = request.query.postId
        ? await options.sql.query('SELECT * FROM crossings WHERE post_id = $1 ORDER BY decided_at DESC LIMIT $2', [request.query.postId, limit])
        : await options.sql.query('SELECT * FROM crossings ORDER BY decided_at DESC LIMIT $1', [limit]);
      return { crossings: rows };
    },
  );

  app.get<{ Querystring: { db?: string; limit?: number } }>(
    '/api/conflicts',
    {
      schema: {
        summary: 'Documents with conflicting revisions (a post restored from an old backup, a bug), to resolve explicitly',
        tags: ['supervision'],
        security: bearer,
        querystring: { type: 'object', properties: { db: { type: 'string', maxLength: 100 }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } } },
      },
    },
    async (request) => {
      requireRole(request, ['admin', 'supervisor']);
      return { conflicts: await options.docs.conflicts(request.query.limit ?? 100, request.query.db) };
    },
  );

  app.get<{ Querystring: { issuingState: string; documentNumber: string; limit?: number } }>(
    '/api/travellers/crossings',
    {
      schema: {
        summary: "A traveller's crossings at every post, by travel document (a post's traveller history when it has a link; stations and supervisors)",
        tags: ['supervision'],
        security: bearer,
        querystring: {
          type: 'object',
          properties: { issuingState: { type: 'string', pattern: '^[A-Z<]{1,3}$' }, documentNumber: { type: 'string', minLength: 1, maxLength: 30 }, limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
          required: ['issuingState', 'documentNumber'],
        },
      },
    },
    async (request) => {
      // Any station (a traveller's history follows them across posts) and any console user (admin, supervisor).
      if (!request.principal) throw forbidden('this needs a station or a console user', 'SERVER_ROLE_REQUIRED');
      const { issuingState, documentNumber, limit } = request.query;
      return {
        crossings: await options.sql.query('SELECT * FROM crossings WHERE issuing_state = $1 AND document_number = $2 ORDER BY decided_at DESC LIMIT $3', [issuingState, documentNumber, limit ?? 100]),
      };
    },
  );

  app.get<{ Querystring: { limit?: number } }>(
    '/api/alert-hits',
    { schema: { summary: 'Projected alert hits, newest first', tags: ['supervision'], security: bearer, querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } } } } },
    async (request) => {
      requireRole(request, ['admin', 'supervisor']);
      return { hits: await options.sql.query('SELECT * FROM alert_hits ORDER BY decided_at DESC LIMIT $1', [request.query.limit ?? 100]) };
    },
  );

  // Removable media over the admin API (the CLI does the same against the data directory): the bundle
  // is the raw request/response body. Bundle refusals are the caller's input: 400 with the BUNDLE_ code.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: BUNDLE_HTTP_LIMIT }, (_request, body, done) => done(null, body));
  const asClientError = (error: unknown): never => {
    if (error instanceof BorderpostError && /^(BUNDLE|SCHEMA)_/.test(error.code)) throw badRequest(error.message, error.code);
    throw error;
  };

  app.post<{ Body: Buffer }>(
    '/api/bundles/import',
    {
      bodyLimit: BUNDLE_HTTP_LIMIT,
      schema: { summary: "Import a station's bundle (application/octet-stream); answers what was accepted and refused", tags: ['bundles'], security: bearer },
    },
    async (request) => {
      requireRole(request, ['admin']);
      if (!Buffer.isBuffer(request.body)) throw badRequest('send the bundle as application/octet-stream', 'BUNDLE_BAD_MAGIC');
      return importStationBundle({ sql: options.sql, docs: options.docs, access }, request.body).catch(asClientError);
    },
  );

  app.get<{ Params: { postId: string } }>(
    '/api/posts/:postId/bundle',
    {
      schema: {
        summary: "The reference data meant for a post as a bundle every active station of the post can open (application/octet-stream)",
        tags: ['bundles'],
        security: bearer,
        params: { type: 'object', properties: { postId: { type: 'string', maxLength: 64 } }, required: ['postId'] },
      },
    },
    async (request, reply) => {
      requireRole(request, ['admin']);
      const exported = await exportReferenceBundle({ sql: options.sql, docs: options.docs }, request.params.postId).catch(asClientError);
      return reply
        .type('application/octet-stream')
        .header('content-disposition', `attachment; filename="reference-${exported.postId}.bpb"`)
        .send(exported.bundle);
    },
  );
}
