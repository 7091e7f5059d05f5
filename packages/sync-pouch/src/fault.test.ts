import { type FaultProxy, startFaultProxy } from '@borderpost/faultproxy';
import { exampleDocuments } from '@borderpost/schemas';
import { type RunningServer, loadConfig, startServer } from '@borderpost/server';
import { SyncScheduler, type SyncState } from '@borderpost/sync';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sqliteAdapter } from '@borderpost/docstore';
import { type PouchDatabase } from './pouch-types';
import { pouchWithReplication } from './pouchdb';
import { ClockOffsetEstimator } from './clock-offset';
import { ByteMeter, remoteDatabase } from './remote';
import { PouchReplicator } from './replicator';

jest.setTimeout(120_000);

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS plugin without types
const PouchDB = pouchWithReplication(require('pouchdb-adapter-memory'), sqliteAdapter);

/** The post's store: PouchDB's memory adapter, or the real one (our SQLite adapter, encrypted, on disk). */
type Store = 'memory' | 'sqlite';

interface Doc {
  _id: string;
  _rev?: string;
  [key: string]: unknown;
}

/**
 * A post syncing to a real central server through our fault proxy: the scheduler, the PouchDB
 * replicator, real sockets, a server that restarts. After the link heals, central must hold exactly
 * the post's documents — none missing, none twice (issue 6).
 */
describe('sync through a faulty link to a real central server', () => {
  let dataDir: string;
  let server: RunningServer;
  let proxy: FaultProxy;
  let token: string;
  let counter = 0;
  const opened: PouchDatabase[] = [];

  async function boot(port = 0): Promise<RunningServer> {
    return startServer(loadConfig({}, { dataDir, port, host: '127.0.0.1', logLevel: 'silent' }));
  }

  async function enrol(postId: string): Promise<string> {
    const { code } = await server.storage.access.createEnrolmentCode(postId, 'test', 60);
    const enrolled = await server.app.inject({ method: 'POST', url: '/api/stations/enrol', payload: { code, stationName: 'Lane 1' } });
    expect(enrolled.statusCode).toBe(201);
    return (enrolled.json() as { token: string }).token;
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-sync-fault-'));
    server = await boot();
    token = await enrol('p1');
    proxy = await startFaultProxy({ target: { port: server.port }, seed: 20260101 });
  });

  afterAll(async () => {
    await Promise.all(opened.map((db) => db.destroy().catch(() => undefined)));
    await proxy?.close();
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function post(tokenOf: () => string = () => token, store: Store = 'memory', postId = 'p1') {
    counter += 1;
    const name = (base: string) => (store === 'sqlite' ? path.join(dataDir, `${base}-${counter}.sqlite`) : `${base}-${process.pid}-${counter}`);
    const options = store === 'sqlite' ? { adapter: 'sqlite', key: 'post test passphrase' } : { adapter: 'memory' };
    const local = new PouchDB(name(`post-${postId}`), options);
    const localReference = new PouchDB(name('reference'), options);
    opened.push(local, localReference);
    const meter = new ByteMeter();
    const clockOffset = new ClockOffsetEstimator();
    const replicator = new PouchReplicator({
      local,
      localReference,
      remotePost: remoteDatabase(PouchDB, `${proxy.url}/post-${postId}`, { token: tokenOf, meter, clockOffset }),
      remoteReference: remoteDatabase(PouchDB, `${proxy.url}/reference`, { token: tokenOf, meter, clockOffset }),
      meter,
      clockOffset,
    });
    let seed = 7;
    const scheduler = new SyncScheduler({
      replicator,
      batchSize: 10,
      intervalMs: 3_600_000, // only explicit runs in these tests
      backoff: { baseMs: 10, maxMs: 40 },
      random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647),
      runTimeoutMs: 60_000,
    });
    return { local, scheduler, meter };
  }

  /**
   * What central holds for post p1, read directly (not through the proxy) with the replication
   * protocol's own `_changes?style=all_docs`: every document once, with all its leaf revisions.
   */
  async function centralDocs(postId: string, postToken: string): Promise<Map<string, string[]>> {
    const direct = remoteDatabase(PouchDB, `${server.url}/post-${postId}`, { token: () => postToken, meter: new ByteMeter() }) as unknown as {
      changes(o: object): Promise<{ results: Array<{ id: string; changes: Array<{ rev: string }> }> }>;
    };
    const feed = await direct.changes({ since: 0, style: 'all_docs' });
    const result = new Map<string, string[]>();
    for (const row of feed.results) {
      expect(result.has(row.id)).toBe(false); // listed once
      result.set(row.id, row.changes.map((change) => change.rev));
    }
    return result;
  }

  async function localRevs(local: PouchDatabase): Promise<Map<string, string>> {
    const all = await (local as unknown as { allDocs(o: object): Promise<{ rows: Array<{ id: string; value: { rev: string } }> }> }).allDocs({});
    return new Map(all.rows.map((row) => [row.id, row.value.rev]));
  }

  async function syncUntilUpToDate(scheduler: SyncScheduler, maxRuns: number): Promise<SyncState[]> {
    const seen: SyncState[] = [];
    for (let run = 0; run < maxRuns; run++) {
      const state = await scheduler.syncNow();
      seen.push(state);
      if (state.status.kind === 'up-to-date') break;
    }
    return seen;
  }

  it.each<Store>(['memory', 'sqlite'])('delivers every document exactly once through cut connections, writes during sync and a server restart (post store: %s)', async (store) => {
    proxy.resetStats();
    const postId = `fault-${store}`;
    const postToken = await enrol(postId);
    const { local, scheduler, meter } = post(() => postToken, store, postId);
    const write = async (docs: Doc[]) => {
      await (local as unknown as { bulkDocs(d: Doc[]): Promise<unknown> }).bulkDocs(docs);
      scheduler.notifyLocalChange(docs.length);
    };
    const batches = [
      exampleDocuments('crossing', { postId, count: 60, seed: 1 }),
      exampleDocuments('crossing', { postId, count: 30, seed: 2 }),
      exampleDocuments('audit', { postId, count: 20, seed: 3 }),
    ] as Doc[][];
    await write(batches[0]!);

    // A bad link: a third of the connections are cut somewhere in the first 40 KB, either way.
    proxy.configure({ randomCut: { probability: 0.35, minBytes: 200, maxBytes: 40_000, direction: 'up' }, latencyMs: { up: 2, down: 2 } });
    scheduler.start();
    let states = await syncUntilUpToDate(scheduler, 3);
    // a document written while sync runs
    const runUnderWay = scheduler.syncNow();
    await write(batches[1]!);
    await runUnderWay;
    proxy.configure({ randomCut: { probability: 0.35, minBytes: 200, maxBytes: 40_000, direction: 'down' } });
    states = states.concat(await syncUntilUpToDate(scheduler, 3));

    // The server restarts (same data, same port) between two runs.
    await write(batches[2]!);
    const port = server.port;
    await server.close();
    const whileDown = await scheduler.syncNow();
    expect(['offline', 'error']).toContain(whileDown.status.kind);
    server = await boot(port);

    // The link heals: within a few runs the post is up to date.
    proxy.configure({ randomCut: null });
    states = states.concat(await syncUntilUpToDate(scheduler, 10));
    const final = scheduler.getState();
    expect(final.status).toEqual({ kind: 'up-to-date' });
    expect(final.pending).toBe(0);
    expect(final.totals.bytes).toBe(meter.total);
    // same machine, same clock: the measured offset to central is within the Date header's resolution
    expect(Math.abs(final.serverClockOffsetMs ?? Infinity)).toBeLessThanOrEqual(1500);
    expect(final.totals.docsWritten).toBeGreaterThanOrEqual(110);
    // the faults really happened: connections were cut and runs failed before the link healed
    expect(proxy.stats().cuts).toBeGreaterThan(0);
    expect(final.totals.failures).toBeGreaterThan(0);
    expect(states.some((state) => state.status.kind !== 'up-to-date')).toBe(true);

    const central = await centralDocs(postId, postToken);
    const mine = await localRevs(local);
    expect(mine.size).toBe(110);
    expect([...central.keys()].sort()).toEqual([...mine.keys()].sort());
    // the same revision, and no second (conflicting) leaf: nothing arrived twice
    for (const [id, rev] of mine) expect(central.get(id)).toEqual([rev]);
    await scheduler.stop();
  });

  it('shows offline while the link is down and catches up when it returns', async () => {
    const { local, scheduler } = post();
    await (local as unknown as { bulkDocs(d: Doc[]): Promise<unknown> }).bulkDocs(exampleDocuments('audit', { postId: 'p1', count: 5, seed: 9 }) as Doc[]);
    scheduler.notifyLocalChange(5);
    proxy.configure({ linkDown: true });
    scheduler.start();
    const down = await scheduler.syncNow();
    expect(down.status).toMatchObject({ kind: 'offline', lastError: { code: expect.any(String) } });
    expect(down.pending).toBe(5);
    proxy.configure({ linkDown: false });
    const states = await syncUntilUpToDate(scheduler, 5);
    expect(states.at(-1)?.status).toEqual({ kind: 'up-to-date' });
    await scheduler.stop();
  });

  it('stops on a rejected token until the station is enrolled again', async () => {
    let current = 'bps_not-a-valid-token';
    const { local, scheduler } = post(() => current);
    await (local as unknown as { bulkDocs(d: Doc[]): Promise<unknown> }).bulkDocs(exampleDocuments('audit', { postId: 'p1', count: 3, seed: 11 }) as Doc[]);
    scheduler.notifyLocalChange(3);
    scheduler.start();
    const rejected = await scheduler.syncNow();
    expect(rejected.status).toMatchObject({ kind: 'error', code: 'SYNC_AUTH_REJECTED', retrying: false, needsReEnrolment: true });
    current = token;
    const resumed = await scheduler.reEnrolled();
    const states = resumed.status.kind === 'up-to-date' ? [resumed] : await syncUntilUpToDate(scheduler, 5);
    expect(states.at(-1)?.status).toEqual({ kind: 'up-to-date' });
    await scheduler.stop();
  });
});
