/**
 * `npm run bench:sync` — a post with N crossings (~30 KB of images each) pushes to a real central server
 * through our fault proxy set to a slow satellite-like link (2 Mbit/s each way, 600 ms round trip).
 * Side by side in the same run: our sync (PouchReplicator: gzip request bodies, large batches) and plain
 * PouchDB replication with its defaults (batch_size 100, no compression). Prints, for each:
 *   - bytes on the wire (both directions, counted by the proxy) per byte of payload
 *     (payload = the documents' JSON without attachments + the attachments' raw bytes);
 *   - elapsed time against the link-limited ideal (payload / link rate).
 * Targets (issue 6): ≤ 1.10 bytes per payload byte, ≤ 1.25× the ideal. Asserts nothing.
 *
 * Options (environment): BENCH_DOCS (500), BENCH_IMAGE_BYTES (30000: random bytes, as compressed images
 * are), BENCH_RATE (250000 bytes/s), BENCH_RTT_MS (600), BENCH_BATCH (our batch size, 250),
 * BENCH_SKIP_PLAIN=1 to run ours only, BENCH_STORE=sqlite for the post's real store instead of memory.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startFaultProxy } from '@borderpost/faultproxy';
import { exampleDocuments } from '@borderpost/schemas';
import { loadConfig, startServer, type RunningServer } from '@borderpost/server';
import { sqliteAdapter } from '@borderpost/docstore';
import { ByteMeter, PouchReplicator, pouchWithReplication, remoteDatabase, type PouchDatabase } from '@borderpost/sync-pouch';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS plugin without types
const PouchDB = pouchWithReplication(require('pouchdb-adapter-memory'), sqliteAdapter);

const DOCS = Number(process.env.BENCH_DOCS ?? 500);
const IMAGE_BYTES = Number(process.env.BENCH_IMAGE_BYTES ?? 30_000);
const RATE = Number(process.env.BENCH_RATE ?? 250_000);
const RTT_MS = Number(process.env.BENCH_RTT_MS ?? 600);
const BATCH = Number(process.env.BENCH_BATCH ?? 250);
/** The post's store: `memory` (default) or `sqlite` (our encrypted SQLite adapter on disk). */
const STORE = process.env.BENCH_STORE === 'sqlite' ? 'sqlite' : 'memory';

interface Doc {
  _id: string;
  _attachments?: Record<string, { content_type: string; data: string }>;
  [key: string]: unknown;
}

/** Crossings with a face photo of random bytes (a JPEG does not compress) making ~IMAGE_BYTES of images. */
function crossings(postId: string): { docs: Doc[]; payloadBytes: number } {
  const docs = exampleDocuments('crossing', { postId, count: DOCS, seed: 42 }) as Doc[];
  let payloadBytes = 0;
  for (const doc of docs) {
    const attachments = doc._attachments ?? {};
    const others = Object.entries(attachments)
      .filter(([name]) => name !== 'face.jpg')
      .reduce((sum, [, a]) => sum + Buffer.from(a.data, 'base64').length, 0);
    const face = crypto.randomBytes(Math.max(1000, IMAGE_BYTES - others));
    face[0] = 0xff;
    face[1] = 0xd8;
    attachments['face.jpg'] = { content_type: 'image/jpeg', data: face.toString('base64') };
    const { _attachments, ...body } = doc;
    payloadBytes += Buffer.byteLength(JSON.stringify(body));
    for (const a of Object.values(_attachments ?? {})) payloadBytes += Buffer.from(a.data, 'base64').length;
  }
  return { docs, payloadBytes };
}

async function enrol(server: RunningServer, postId: string): Promise<string> {
  const { code } = await server.storage.access.createEnrolmentCode(postId, 'bench', 60);
  const response = await server.app.inject({ method: 'POST', url: '/api/stations/enrol', payload: { code, stationName: 'bench' } });
  if (response.statusCode !== 201) throw new Error(`enrolment failed: ${response.body}`);
  return (response.json() as { token: string }).token;
}

interface Figures {
  label: string;
  seconds: number;
  idealSeconds: number;
  wireBytes: number;
  payloadBytes: number;
  docs: number;
}

async function run(server: RunningServer, dataDir: string, label: string, postId: string, push: (local: PouchDatabase, url: string, token: string) => Promise<number>): Promise<Figures> {
  const token = await enrol(server, postId);
  const { docs, payloadBytes } = crossings(postId);
  const local =
    STORE === 'sqlite'
      ? new PouchDB(path.join(dataDir, `bench-${postId}.sqlite`), { adapter: 'sqlite', key: 'bench passphrase' })
      : new PouchDB(`bench-${postId}-${process.pid}`, { adapter: 'memory' });
  await (local as unknown as { bulkDocs(d: Doc[]): Promise<unknown> }).bulkDocs(docs);
  const proxy = await startFaultProxy({
    target: { port: server.port },
    latencyMs: { up: RTT_MS / 2, down: RTT_MS / 2 },
    bandwidthBytesPerSec: { up: RATE, down: RATE },
  });
  try {
    const started = performance.now();
    const written = await push(local, `${proxy.url}/${`post-${postId}`}`, token);
    const seconds = (performance.now() - started) / 1000;
    const stats = proxy.stats();
    const info = await server.storage.docs.databaseInfo(`post-${postId}`);
    if (info?.doc_count !== DOCS || written !== DOCS) throw new Error(`${label}: central has ${info?.doc_count} documents, ${written} written; expected ${DOCS}`);
    return { label, seconds, idealSeconds: payloadBytes / RATE, wireBytes: stats.bytesUp + stats.bytesDown, payloadBytes, docs: DOCS };
  } finally {
    await proxy.close();
    await local.destroy();
  }
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sync-'));
  const server = await startServer(loadConfig({}, { dataDir, port: 0, host: '127.0.0.1', logLevel: 'warn' }));
  console.log(`bench:sync — ${DOCS} crossings, ~${IMAGE_BYTES} B of images each, link ${(RATE * 8) / 1e6} Mbit/s each way, RTT ${RTT_MS} ms, post store ${STORE}`);
  const results: Figures[] = [];
  try {
    results.push(
      await run(server, dataDir, `ours (gzip, batch ${BATCH})`, 'bench-ours', async (local, url, token) => {
        const meter = new ByteMeter();
        const replicator = new PouchReplicator({ local, remotePost: remoteDatabase(PouchDB, url, { token: () => token, meter }), meter });
        const result = await replicator.replicate('push', { batchSize: BATCH, signal: new AbortController().signal });
        return result.docsWritten;
      }),
    );
    if (process.env.BENCH_SKIP_PLAIN !== '1') {
      results.push(
        await run(server, dataDir, 'plain PouchDB defaults', 'bench-plain', async (local, url, token) => {
          const remote = new PouchDB(url, {
            skip_setup: true,
            fetch: (u: string, init: { headers: { set(n: string, v: string): void } }) => {
              init.headers.set('Authorization', `Bearer ${token}`);
              return PouchDB.fetch(u, init);
            },
          });
          const result = await local.replicate.to(remote);
          return result.docs_written;
        }),
      );
    }
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`${pad('contender', 28)} ${pad('time s', 9)} ${pad('ideal s', 9)} ${pad('× ideal', 9)} ${pad('wire bytes', 12)} ${pad('payload bytes', 14)} wire/payload`);
  for (const r of results) {
    console.log(
      `${pad(r.label, 28)} ${pad(r.seconds.toFixed(1), 9)} ${pad(r.idealSeconds.toFixed(1), 9)} ${pad((r.seconds / r.idealSeconds).toFixed(2), 9)} ${pad(String(r.wireBytes), 12)} ${pad(String(r.payloadBytes), 14)} ${(r.wireBytes / r.payloadBytes).toFixed(3)}`,
    );
  }
  console.log('targets: wire/payload ≤ 1.10, time ≤ 1.25 × ideal');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
