import { ok } from '@borderpost/common';
import { EventHub, createClient, createDispatcher, httpTransport } from '@borderpost/contract';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { type ContractServer, serveContract, staticFile } from './server';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function raw(server: ContractServer, method: string, urlPath: string, headers: Record<string, string> = {}, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, method, path: urlPath, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('browser mode: the contract over HTTP', () => {
  let server: ContractServer;
  let events: EventHub;
  let staticDir: string;

  beforeEach(async () => {
    staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-serve-'));
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>UI</title>');
    events = new EventHub();
    const dispatch = createDispatcher({
      'app.info': async () => ok({ version: '0.1.0', mode: 'browser', training: false, enrolled: false, postId: null, stationId: null, runtimeReady: false }),
      'session.signIn': async ({ username }) => ({ ok: false, error: { code: 'AUTH_BAD_CREDENTIALS', message: `no ${username}` } }),
    });
    server = await serveContract({ dispatch, events, staticDir, maxBodyBytes: 64 * 1024, allowedOrigins: ['http://localhost:5173'] });
  });

  afterEach(async () => {
    await server.close();
    fs.rmSync(staticDir, { recursive: true, force: true });
  });

  it('answers typed calls through the same client the Electron renderer uses', async () => {
    const transport = httpTransport({ baseUrl: server.url, secret: server.secret });
    const client = createClient(transport);
    await expect(client['app.info']({})).resolves.toMatchObject({ ok: true, value: { mode: 'browser' } });
    await expect(client['session.signIn']({ username: 'amina', password: 'x' })).resolves.toEqual({
      ok: false,
      error: { code: 'AUTH_BAD_CREDENTIALS', message: 'no amina' },
    });
    await expect(client['sync.now']({})).resolves.toMatchObject({ ok: false, error: { code: 'RUNTIME_NOT_READY' } });
    transport.close();
  });

  it('refuses calls without the launch secret, or with a wrong one', async () => {
    const wrong = createClient(httpTransport({ baseUrl: server.url, secret: 'not-the-secret-at-all' }));
    await expect(wrong['app.info']({})).resolves.toMatchObject({ ok: false, error: { code: 'SERVE_UNAUTHORIZED' } });
    const none = await raw(server, 'POST', '/api/call/app.info', { host: `127.0.0.1:${server.port}` }, '{}');
    expect(none.status).toBe(401);
    expect(server.launchUrl).toBe(`${server.url}/#secret=${encodeURIComponent(server.secret)}`);
  });

  it('refuses other host names (DNS rebinding) and foreign origins', async () => {
    const auth = { authorization: `Bearer ${server.secret}` };
    const rebinding = await raw(server, 'POST', '/api/call/app.info', { ...auth, host: `evil.example:${server.port}` }, '{}');
    expect(rebinding.status).toBe(421);
    const foreign = await raw(server, 'POST', '/api/call/app.info', { ...auth, host: `127.0.0.1:${server.port}`, origin: 'https://evil.example' }, '{}');
    expect(foreign.status).toBe(403);
    const devServer = await raw(server, 'POST', '/api/call/app.info', { ...auth, host: `localhost:${server.port}`, origin: 'http://localhost:5173' }, '{}');
    expect(devServer.status).toBe(200);
  });

  it('answers malformed requests with stable codes', async () => {
    const headers = { authorization: `Bearer ${server.secret}`, host: `127.0.0.1:${server.port}` };
    const badJson = await raw(server, 'POST', '/api/call/app.info', headers, '{not json');
    expect([badJson.status, JSON.parse(badJson.body).error.code]).toEqual([400, 'CONTRACT_BAD_ARGS']);
    const unknown = await raw(server, 'POST', '/api/call/fs.unlink', headers, '{}');
    expect([unknown.status, JSON.parse(unknown.body).error.code]).toEqual([200, 'CONTRACT_UNKNOWN_CALL']);
    const tooBig = await raw(server, 'POST', '/api/call/app.info', headers, JSON.stringify({ blob: 'x'.repeat(100 * 1024) })).catch(() => null);
    if (tooBig) expect(tooBig.status).toBe(413); // the server may also reset the upload mid-way
    const wrongPath = await raw(server, 'GET', '/api/whatever', headers);
    expect(wrongPath.status).toBe(404);
  });

  it('streams runtime events to subscribers', async () => {
    const transport = httpTransport({ baseUrl: server.url, secret: server.secret, reconnectMs: 50 });
    const client = createClient(transport);
    const received: unknown[] = [];
    const arrived = new Promise<void>((resolve) => {
      client.on('session.idleWarning', (payload) => {
        received.push(payload);
        if (received.length === 2) resolve();
      });
    });
    // keep emitting until the stream is connected and both arrive (no timing assumptions)
    let i = 0;
    const pump = setInterval(() => events.emit('session.idleWarning', { signOutAt: '2026-01-01T08:10:00.000Z', remainingMs: 60_000 - i++ }), 20);
    await arrived;
    clearInterval(pump);
    expect(received[0]).toMatchObject({ signOutAt: '2026-01-01T08:10:00.000Z' });
    transport.close();
  });

  it('serves the UI files with the CSP, and nothing outside their directory', async () => {
    const host = { host: `127.0.0.1:${server.port}` };
    const index = await raw(server, 'GET', '/', host);
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>UI</title>');
    expect(index.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self'/);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    const escape = await raw(server, 'GET', '/..%2f..%2f..%2fetc%2fpasswd', host);
    expect(escape.status).toBe(404);
    expect(staticFile('/srv/ui', '/..%2f..%2fetc/passwd')).toBeNull();
    expect(staticFile('/srv/ui', '/assets/app.js')).toBe(path.join('/srv/ui', 'assets', 'app.js'));
  });
});
