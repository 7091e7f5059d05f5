import { BorderpostError, err } from '@borderpost/common';
import { type Dispatch, type EventHub, eventNames, officerUiCsp } from '@borderpost/contract';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import path from 'node:path';

export interface ServeContractOptions {
  dispatch: Dispatch;
  events: EventHub;
  /** The per-launch secret; a fresh random one when omitted. */
  secret?: string;
  /** 0 (default) lets the system choose. Always bound to 127.0.0.1. */
  port?: number;
  /** The officer UI's built files; null serves the API only. */
  staticDir?: string | null;
  /** Extra origins allowed to call (e.g. a UI dev server); our own origin always is. */
  allowedOrigins?: string[];
  /** Largest request body (a face photo in base64 is a few hundred KB). */
  maxBodyBytes?: number;
  /** Comment lines on the event stream so proxies and the client notice a dead connection. */
  heartbeatMs?: number;
}

export interface ContractServer {
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  secret: string;
  /** What to open in a browser: the secret travels in the fragment, which browsers never send. */
  launchUrl: string;
  close(): Promise<void>;
}

/** The officer UI's one policy, the same as in the Electron window; `connect-src 'self'` lets the UI call this server. */
const CSP = officerUiCsp();

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function safeEqual(a: string, b: string): boolean {
  const left = crypto.createHash('sha256').update(a).digest();
  const right = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(left, right);
}

/** A file under `root` for a URL path, or null when it would leave `root`. */
export function staticFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const base = path.resolve(root);
  const file = path.resolve(base, decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, ''));
  return file === base || file.startsWith(base + path.sep) ? file : null;
}

/**
 * Serves the contract over HTTP for browser mode. Only loopback; every API request needs the launch
 * secret; the Host header must name this server (a DNS-rebinding page cannot reach it through another
 * name) and a cross-origin Origin is refused. Errors are Results like on IPC; HTTP statuses are used
 * only for what is not a call (auth, malformed request, size).
 */
export async function serveContract(options: ServeContractOptions): Promise<ContractServer> {
  const secret = options.secret ?? crypto.randomBytes(32).toString('base64url');
  if (secret.length < 16) throw new BorderpostError('SERVE_BAD_CONFIG', 'the launch secret must be at least 16 characters');
  const maxBody = options.maxBodyBytes ?? 8 * 1024 * 1024;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const streams = new Set<http.ServerResponse>();
  let port = 0;

  const hostAllowed = (host: string | undefined) => host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  const originAllowed = (origin: string | undefined) =>
    origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}` || (options.allowedOrigins ?? []).includes(origin);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!hostAllowed(req.headers.host)) return sendJson(res, 421, err({ code: 'SERVE_BAD_HOST', message: 'unknown host' }));
    if (!url.pathname.startsWith('/api/')) return serveStatic(req, res, url.pathname);
    if (!originAllowed(req.headers.origin)) return sendJson(res, 403, err({ code: 'SERVE_BAD_ORIGIN', message: 'cross-origin calls are refused' }));
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !safeEqual(auth.slice(7), secret)) {
      return sendJson(res, 401, err({ code: 'SERVE_UNAUTHORIZED', message: 'missing or wrong launch secret' }));
    }
    if (url.pathname === '/api/events' && req.method === 'GET') return openEventStream(res);
    const call = /^\/api\/call\/([^/]+)$/.exec(url.pathname);
    if (call && req.method === 'POST') return handleCall(req, res, call[1]!);
    return sendJson(res, 404, err({ code: 'SERVE_NOT_FOUND', message: `${req.method} ${url.pathname}` }));
  });

  function handleCall(req: http.IncomingMessage, res: http.ServerResponse, encodedName: string): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody && !refused) {
        refused = true;
        sendJson(res, 413, err({ code: 'SERVE_BODY_TOO_LARGE', message: `request body over ${maxBody} bytes` }));
        req.destroy();
      } else if (!refused) chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      let args: unknown;
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        args = text === '' ? {} : JSON.parse(text);
      } catch {
        return sendJson(res, 400, err({ code: 'CONTRACT_BAD_ARGS', message: 'the body is not JSON' }));
      }
      let name: string;
      try {
        name = decodeURIComponent(encodedName);
      } catch {
        return sendJson(res, 400, err({ code: 'CONTRACT_UNKNOWN_CALL', message: 'bad call name' }));
      }
      void options
        .dispatch(name, args)
        .catch((error: unknown) => err({ code: 'INTERNAL_ERROR', message: String(error) }))
        .then((result) => sendJson(res, 200, result));
    });
  }

  function openEventStream(res: http.ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
    res.on('close', () => {
      clearInterval(heartbeat);
      streams.delete(res);
    });
  }

  const unsubscribers = eventNames.map((name) =>
    options.events.subscribe(name, (payload) => {
      const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const stream of streams) stream.write(frame);
    }),
  );

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, urlPath: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, err({ code: 'SERVE_METHOD', message: 'GET only' }));
    const file = options.staticDir ? staticFile(options.staticDir, urlPath) : null;
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': CSP });
      return void res.end('not found');
    }
    res.writeHead(200, {
      'content-type': contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    port,
    url,
    secret,
    launchUrl: `${url}/#secret=${encodeURIComponent(secret)}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const unsubscribe of unsubscribers) unsubscribe();
        for (const stream of streams) stream.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
