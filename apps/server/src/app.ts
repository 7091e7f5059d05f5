import compress from '@fastify/compress';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { apiRoutes } from './api/routes';
import type { ServerConfig } from './config';
import { Projector } from './projections/projector';
import { LongpollRegistry } from './replication/longpoll';
import { replicationRoutes } from './replication/routes';
import { supervisorConsole } from './supervisor';
import { HttpError, badRequest, unauthorized } from './storage/errors';
import type { Storage } from './storage/open';
import { ensureCentralBundleKeys } from './auth/bundle-keys';

export interface AppOptions {
  config: Pick<ServerConfig, 'bodyLimitBytes' | 'maxBatchDocs' | 'logLevel' | 'enrolCodeTtlMinutes' | 'longpollMaxMs'>;
  storage: Storage;
  /** Where logs go (tests capture them); default stdout. */
  logStream?: NodeJS.WritableStream;
}

const COUCH_ERRORS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  412: 'file_exists',
  413: 'too_large',
  415: 'bad_content_type',
  429: 'too_many_requests',
};

/** Log redaction: no secret and no traveller data reaches the logs (bodies are never logged). */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-borderpost-token"]', 'body', 'req.body', '*.password', '*.token', '*.code'];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a bearer token (sign-in, enrolment, health). */
    public?: boolean;
  }
}

/**
 * The central server as a Fastify app (conventions §13: external plugins → app hooks → routes). One
 * error handler answers CouchDB-shaped errors (`{error, reason, code}`) on the replication API and
 * `{ok: false, error: {code, message}}` on /api, and never leaks 5xx internals.
 */
export async function buildApp(options: AppOptions): Promise<{ app: FastifyInstance; projector: Projector; longpolls: LongpollRegistry }> {
  const { config, storage } = options;
  const logger: FastifyServerOptions['logger'] = {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(options.logStream ? { stream: options.logStream } : {}),
  };
  const app = Fastify({
    logger,
    bodyLimit: config.bodyLimitBytes,
    routerOptions: { maxParamLength: 500, ignoreTrailingSlash: true },
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false } },
  });

  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['gzip', 'deflate'],
    requestEncodings: ['gzip', 'deflate'],
    onUnsupportedRequestEncoding: (encoding) => new HttpError(415, 'bad_content_type', 'SERVER_UNSUPPORTED_ENCODING', `Content-Encoding ${encoding} is not supported (use gzip)`),
    onInvalidRequestPayload: (encoding, _request, error) => badRequest(`the ${encoding} request body is corrupt or truncated: ${error.message}`, 'SERVER_BAD_ENCODING'),
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Borderpost central server — admin and supervisor API', version: '0.1.0', description: 'Replication endpoints (CouchDB protocol subset) are documented in apps/server/README.md.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });

  let closing = false;
  // Requests still running when shutdown starts finish normally, then their keep-alive connection is
  // closed, so the shutdown does not wait for idle sockets to time out.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });

  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.public) return;
    const match = /^Bearer ([A-Za-z0-9_-]{8,200})$/.exec(request.headers.authorization ?? '');
    if (!match) throw unauthorized();
    const principal = await storage.access.authenticate(match[1] as string);
    if (!principal) throw unauthorized('the token is unknown, expired or revoked', 'SERVER_BAD_TOKEN');
    request.principal = principal;
  });

  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    let status: number;
    let code: string;
    let message: string;
    // @fastify/compress copies our HttpError's fields onto the zlib error instead of throwing it.
    const http = error instanceof HttpError || (typeof (error as Partial<HttpError>).couchError === 'string' && typeof (error as Partial<HttpError>).status === 'number');
    if (http) {
      status = (error as HttpError).status;
      code = (error as HttpError).code;
      message = error.message;
    } else if ((error as FastifyError).validation) {
      status = 400;
      code = 'SERVER_BAD_REQUEST';
      message = error.message;
    } else if (typeof (error as FastifyError).statusCode === 'number' && (error as FastifyError).statusCode! < 500) {
      status = (error as FastifyError).statusCode!;
      code = status === 413 ? 'SERVER_BODY_TOO_LARGE' : (error as FastifyError).code?.startsWith('FST_') ? `SERVER_${(error as FastifyError).code.replace(/^FST_ERR_/, '')}` : 'SERVER_BAD_REQUEST';
      message = error.message;
    } else {
      request.log.error({ err: error }, 'request failed');
      status = 500;
      code = 'SERVER_INTERNAL';
      message = 'internal error';
    }
    if (status >= 500 && !http) message = 'internal error';
    if (request.url.startsWith('/api/')) return reply.code(status).send({ ok: false, error: { code, message } });
    return reply.code(status).send({ error: http ? (error as HttpError).couchError : COUCH_ERRORS[status] ?? 'unknown_error', reason: message, code });
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/')) return reply.code(404).send({ ok: false, error: { code: 'SERVER_NOT_FOUND', message: 'no such endpoint' } });
    return reply.code(404).send({ error: 'not_found', reason: 'missing', code: 'SERVER_NOT_FOUND' });
  });

  // Central's bundle key pairs (removable media) exist from the first start on; stations get the public halves at enrolment.
  await ensureCentralBundleKeys(storage.sql);
  const projector = new Projector(storage.sql, storage.docs, app.log);
  const longpolls = new LongpollRegistry();

  app.get('/health', { config: { public: true }, schema: { summary: 'Liveness, storage kind and projection lag', tags: ['operations'] } }, async () => ({
    status: 'ok',
    storage: storage.sql.dialect,
    projections: await projector.lag(),
  }));
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  await app.register(apiRoutes, { access: storage.access, docs: storage.docs, sql: storage.sql, projector, enrolCodeTtlMinutes: config.enrolCodeTtlMinutes });
  await app.register(replicationRoutes, { docs: storage.docs, access: storage.access, maxBatchDocs: config.maxBatchDocs, longpollMaxMs: config.longpollMaxMs, longpolls });
  await app.register(supervisorConsole, { access: storage.access, docs: storage.docs, sql: storage.sql });

  // Shutdown order: answer open longpolls now (they would hold the close for their whole timeout),
  // stop the projector, let in-flight writes finish (Fastify waits for them), then close storage.
  app.addHook('preClose', async () => {
    closing = true;
    longpolls.finishAll();
  });
  app.addHook('onClose', async () => {
    await projector.stop();
  });
  return { app, projector, longpolls };
}
