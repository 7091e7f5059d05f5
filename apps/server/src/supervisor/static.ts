import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

// The console page may load only its own scripts and styles; images include blob: for downloads.
// 'unsafe-inline' for styles only: the chart library sets style attributes on SVG elements.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Where the built SPA is (`npm run build -w @borderpost/console`); BORDERPOST_CONSOLE_DIR overrides. */
export function consoleDirectory(): string {
  // Same depth from src/supervisor and dist/supervisor: apps/server/{src,dist}/supervisor → apps/console.
  return process.env.BORDERPOST_CONSOLE_DIR ?? path.resolve(__dirname, '..', '..', '..', 'console', 'dist', 'web');
}

/**
 * Serves the console's static files under /console/ (public: the page itself holds no data; every
 * API call is authenticated). A handful of hashed files, so a small handler is simpler and safer to
 * audit than a general static-file plugin: names are resolved inside the directory only, unknown
 * paths fall back to index.html (client-side pages), hashed assets are cached for good.
 */
export function consoleStaticRoutes(app: FastifyInstance): void {
  const root = consoleDirectory();
  const serve = async (relative: string, reply: FastifyReply) => {
    const resolved = path.resolve(root, relative);
    const inside = resolved === root || resolved.startsWith(root + path.sep);
    let file = inside && fs.existsSync(resolved) && fs.statSync(resolved).isFile() ? resolved : path.join(root, 'index.html');
    if (!fs.existsSync(file)) {
      return reply.code(404).type('text/plain; charset=utf-8').send('The console is not built: run `npm run build -w @borderpost/console`.');
    }
    if (relative.startsWith('assets/') && file.endsWith('index.html')) return reply.code(404).type('text/plain; charset=utf-8').send('not found');
    file = path.normalize(file);
    reply.header('content-security-policy', CSP).header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
    reply.header('cache-control', relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    return reply.type(TYPES[path.extname(file)] ?? 'application/octet-stream').send(fs.createReadStream(file));
  };
  // '/console' and '/console/' are one route here (the router ignores trailing slashes, and without
  // this route '/console' would be taken for a database name); asset URLs are absolute.
  app.get('/console', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => serve('index.html', reply));
  app.get<{ Params: { '*': string } }>('/console/*', { config: { public: true }, schema: { hide: true } }, async (request, reply) => serve(request.params['*'] || 'index.html', reply));
}
