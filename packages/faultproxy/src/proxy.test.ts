import http from 'node:http';
import { type AddressInfo, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type FaultProxy, startFaultProxy } from './proxy';

/** A real HTTP server on 127.0.0.1:0 that records what each of its sockets carried. */
async function startServer() {
  const sockets: Socket[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/bytes') {
      const n = Number(url.searchParams.get('n') ?? '0');
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(n), connection: 'close' });
      res.end(Buffer.alloc(n, 0x61));
      return;
    }
    if (url.pathname === '/echo') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        res.writeHead(200, { 'content-length': String(body.length), connection: 'close' });
        res.end(body);
      });
      return;
    }
    if (url.pathname === '/slow') {
      // Streams forever until the client goes away: something for cutAll to cut.
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write('tick\n'), 20);
      res.on('close', () => clearInterval(timer));
      return;
    }
    res.writeHead(404, { connection: 'close' }).end();
  });
  server.on('connection', (socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    /** Bytes the server read and wrote on all its sockets (exact TCP payload counts). */
    carried: () => ({ read: sockets.reduce((n, s) => n + s.bytesRead, 0), written: sockets.reduce((n, s) => n + s.bytesWritten, 0) }),
    connections: () => sockets.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Answer {
  status?: number;
  body: Buffer;
  error?: string;
  ms: number;
  clientSocket?: Socket;
}

function request(proxy: FaultProxy, path: string, body?: Buffer): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let clientSocket: Socket | undefined;
    const req = http.request(
      `${proxy.url}${path}`,
      { method: body ? 'POST' : 'GET', agent: false, headers: body ? { 'content-length': String(body.length) } : {} },
      (res) => {
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks), ms: performance.now() - started, clientSocket }));
        res.on('error', (e: NodeJS.ErrnoException) => resolve({ status: res.statusCode, body: Buffer.concat(chunks), error: e.code ?? e.message, ms: performance.now() - started, clientSocket }));
      },
    );
    req.on('socket', (s) => (clientSocket = s));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ body: Buffer.concat(chunks), error: e.code ?? e.message, ms: performance.now() - started, clientSocket }));
    req.end(body);
  });
}

/** Lets the proxy finish tearing down connections after the client saw its answer. */
async function settled(proxy: FaultProxy) {
  for (let i = 0; i < 200 && proxy.stats().open > 0; i++) await new Promise((r) => setTimeout(r, 5));
}

describe('fault proxy over real sockets', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let proxy: FaultProxy;

  beforeEach(async () => {
    server = await startServer();
    proxy = await startFaultProxy({ target: { port: server.port } });
  });
  afterEach(async () => {
    await proxy.close();
    await server.close();
  });

  it('forwards both ways and counts exactly the bytes each side carried', async () => {
    const payload = Buffer.alloc(50_000, 0x42);
    const echoed = await request(proxy, '/echo', payload);
    const fetched = await request(proxy, '/bytes?n=123456');
    expect(echoed.status).toBe(200);
    expect(echoed.body.equals(payload)).toBe(true);
    expect(fetched.body.length).toBe(123_456);
    await settled(proxy);
    const stats = proxy.stats();
    const carried = server.carried();
    expect(stats.bytesUp).toBe(carried.read);
    expect(stats.bytesDown).toBe(carried.written);
    expect(stats.bytesUp).toBe((echoed.clientSocket?.bytesWritten ?? 0) + (fetched.clientSocket?.bytesWritten ?? 0));
    expect(stats).toMatchObject({ connections: 2, cuts: 0, refused: 0, open: 0 });
  });

  it('delays each direction by its one-way latency, changeable at run time', async () => {
    expect((await request(proxy, '/bytes?n=10')).status).toBe(200);
    proxy.configure({ latencyMs: { up: 60, down: 90 } });
    const slow = await request(proxy, '/bytes?n=10');
    expect(slow.status).toBe(200);
    // the TCP handshake's round trip, then request up + response down (timers may fire a hair early)
    expect(slow.ms).toBeGreaterThanOrEqual(2 * 150 - 4);
    // only the request direction: handshake (120) + request (120)
    proxy.configure({ latencyMs: { up: 120, down: 0 } });
    expect((await request(proxy, '/bytes?n=10')).ms).toBeGreaterThanOrEqual(236);
  });

  it('caps bandwidth: throughput never exceeds the configured rate', async () => {
    const rate = 400_000;
    proxy.configure({ bandwidthBytesPerSec: { down: rate } });
    const answer = await request(proxy, '/bytes?n=200000');
    expect(answer.body.length).toBe(200_000);
    const throughput = answer.body.length / (answer.ms / 1000);
    expect(throughput).toBeLessThanOrEqual(rate * 1.02);
    // and the cap applies to the direction it was set for only
    proxy.configure({ bandwidthBytesPerSec: { down: null, up: 100_000 } });
    const upload = await request(proxy, '/echo', Buffer.alloc(30_000));
    expect(upload.body.length).toBe(30_000);
    expect(upload.ms).toBeGreaterThanOrEqual(290);
  });

  it('cuts a connection after exactly N bytes; the client sees an error, not a short success', async () => {
    proxy.configure({ cutAfterBytes: { down: 1000 } });
    const answer = await request(proxy, '/bytes?n=100000');
    expect(answer.error).toBeDefined();
    expect(['ECONNRESET', 'ECONNABORTED', 'aborted']).toContain(answer.error);
    expect(answer.body.length).toBeLessThan(1000);
    await settled(proxy);
    expect(proxy.stats().bytesDown).toBe(1000);
    expect(answer.clientSocket?.bytesRead).toBe(1000);
    expect(proxy.stats().cuts).toBe(1);
  });

  it('cuts uploads mid-body', async () => {
    proxy.configure({ cutAfterBytes: { up: 5000 } });
    const answer = await request(proxy, '/echo', Buffer.alloc(200_000));
    expect(answer.error).toBeDefined();
    await settled(proxy);
    expect(proxy.stats().bytesUp).toBe(5000);
    expect(server.carried().read).toBe(5000);
  });

  it('cuts at a seeded random point: the same seed cuts at the same byte', async () => {
    const cutPoints: number[] = [];
    for (let round = 0; round < 2; round++) {
      const seeded = await startFaultProxy({
        target: { port: server.port },
        seed: 42,
        randomCut: { probability: 1, minBytes: 500, maxBytes: 50_000, direction: 'down' },
      });
      const answer = await request(seeded, '/bytes?n=100000');
      expect(answer.error).toBeDefined();
      await settled(seeded);
      cutPoints.push(seeded.stats().bytesDown);
      await seeded.close();
    }
    expect(cutPoints[0]).toBeGreaterThanOrEqual(500);
    expect(cutPoints[0]).toBeLessThanOrEqual(50_000);
    expect(cutPoints[1]).toBe(cutPoints[0]);
    proxy.configure({ randomCut: { probability: 0, minBytes: 0, maxBytes: 10, direction: 'down' } });
    expect((await request(proxy, '/bytes?n=1000')).body.length).toBe(1000);
  });

  it('refuses connections while the link is down, and carries them again when it is back', async () => {
    proxy.configure({ linkDown: true });
    const refused = await request(proxy, '/bytes?n=10');
    expect(refused.error).toBe('ECONNRESET');
    expect(server.connections()).toBe(0);
    proxy.configure({ linkDown: false });
    expect((await request(proxy, '/bytes?n=10')).status).toBe(200);
    expect(proxy.stats()).toMatchObject({ refused: 1, connections: 1 });
  });

  it('cutAll drops connections in flight', async () => {
    const answerPromise = request(proxy, '/slow');
    for (let i = 0; i < 200 && proxy.stats().bytesDown < 20; i++) await new Promise((r) => setTimeout(r, 5));
    proxy.cutAll();
    const answer = await answerPromise;
    expect(answer.error).toBeDefined();
    expect(proxy.stats()).toMatchObject({ cuts: 1, open: 0 });
  });

  it('resets the client when the target is down (a server restarting)', async () => {
    await server.close();
    const answer = await request(proxy, '/bytes?n=10');
    expect(answer.error).toBe('ECONNRESET');
    expect(proxy.stats().targetFailures).toBe(1);
    server = await startServer(); // for afterEach
  });

  it('follows a server that restarted on another port', async () => {
    const other = await startServer();
    try {
      proxy.retarget({ port: other.port });
      expect((await request(proxy, '/bytes?n=5')).body.length).toBe(5);
      expect(other.connections()).toBe(1);
      expect(server.connections()).toBe(0);
      expect(() => proxy.retarget({ port: 0 })).toThrow(expect.objectContaining({ code: 'FAULTPROXY_BAD_CONFIG' }));
    } finally {
      await other.close();
    }
  });

  it('refuses nonsensical conditions with a stable code and keeps the old ones', () => {
    expect(() => proxy.configure({ latencyMs: { up: -1 } })).toThrow(expect.objectContaining({ code: 'FAULTPROXY_BAD_CONFIG' }));
    expect(() => proxy.configure({ bandwidthBytesPerSec: { down: 0 } })).toThrow(expect.objectContaining({ code: 'FAULTPROXY_BAD_CONFIG' }));
    expect(() => proxy.configure({ randomCut: { probability: 2, minBytes: 0, maxBytes: 1, direction: 'down' } })).toThrow(
      expect.objectContaining({ code: 'FAULTPROXY_BAD_CONFIG' }),
    );
    expect(proxy.conditions().latencyMs).toEqual({ up: 0, down: 0 });
  });
});
