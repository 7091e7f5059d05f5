/**
 * `npm run bench:server` — N simulated posts (PouchDB clients, in-memory local databases) push
 * crossing-sized documents (face photo + four fingerprints inline, as a real crossing) concurrently to
 * the central server over real sockets. Prints documents/s and the p99 latency of the HTTP requests,
 * side by side with the raw insert rate of the same documents into SQLite through better-sqlite3
 * (@borderpost/sqlite: WAL, synchronous=FULL, same batch size) on the same machine. The ratio is the
 * figure: what the replication protocol, HTTP, JSON, revision trees and validation cost over a bare
 * insert. Asserts nothing.
 *
 * Options (environment): BENCH_POSTS (default 4), BENCH_DOCS_PER_POST (250), BENCH_BATCH (100),
 * BENCH_FACE_BYTES (extra bytes in each face JPEG, default 20000), BENCH_ALERTS (alert entries each post
 * then pulls from the reference database, default 5000), BENCH_DATABASE_URL (also run
 * against this PostgreSQL database, which must be empty), BENCH_SERVER_NODE_ARGS (e.g. `--cpu-prof`).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exampleDocuments } from '@borderpost/schemas';
import { spawn } from 'node:child_process';
import { openStorage } from '@borderpost/server';
import { openDatabase } from '@borderpost/sqlite';

/* eslint-disable @typescript-eslint/no-require-imports -- PouchDB 9 packages are CommonJS without types */
const PouchDB = require('pouchdb-core').plugin(require('pouchdb-adapter-http')).plugin(require('pouchdb-adapter-memory')).plugin(require('pouchdb-replication'));
/* eslint-enable @typescript-eslint/no-require-imports */

const POSTS = Number(process.env.BENCH_POSTS ?? 4);
const DOCS_PER_POST = Number(process.env.BENCH_DOCS_PER_POST ?? 250);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const FACE_BYTES = Number(process.env.BENCH_FACE_BYTES ?? 20_000);
const ALERTS = Number(process.env.BENCH_ALERTS ?? 5000);

type Doc = Record<string, unknown> & { _id: string };

/** CPU seconds a process has used (Linux /proc; null elsewhere): how much of the time the server was busy. */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return null;
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function makeDocs(): Map<string, Doc[]> {
  const perPost = new Map<string, Doc[]>();
  for (let i = 0; i < POSTS; i++) {
    const postId = `bench-${i + 1}`;
    perPost.set(postId, exampleDocuments('crossing', { postId, count: DOCS_PER_POST, seed: 1000 + i, facePaddingBytes: FACE_BYTES }) as Doc[]);
  }
  return perPost;
}

async function benchServer(label: string, perPost: Map<string, Doc[]>, databaseUrl: string | null) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'borderpost-bench-server-'));
  // The server runs in its own process (as in production), so the PouchDB clients of this process do
  // not steal its event loop; on this 2-CPU machine each side gets roughly one core.
  const bin = path.resolve(__dirname, '..', '..', 'packages', 'cli', 'bin', 'borderpost.js');
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean); // e.g. --cpu-prof
  const child = spawn(process.execPath, [...nodeArgs, bin, 'server', '--data', dataDir, '--port', '0'], {
    env: { ...process.env, DATABASE_URL: databaseUrl ?? '', BORDERPOST_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('\n')) resolve((JSON.parse(out.split('\n')[0]!) as { listening: string }).listening);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const storage = await openStorage({ dataDir, databaseUrl });
  const server = {
    url,
    storage,
    close: async () => {
      await storage.close();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
  const latencies: number[] = [];
  let bytesSent = 0;
  try {
    const clients = [];
    for (const [postId, docs] of perPost) {
      const { code } = await server.storage.access.createEnrolmentCode(postId, 'bench', 10);
      const { token } = await server.storage.access.enrolStation(code, `bench station ${postId}`);
      const local = new PouchDB(`bench-${label}-${postId}-${Date.now()}`, { adapter: 'memory' });
      await local.bulkDocs(docs);
      const remote = new PouchDB(`${server.url}/post-${postId}`, {
        skip_setup: true,
        fetch: async (url: string, init: { headers: { set(name: string, value: string): void }; body?: unknown }) => {
          init.headers.set('Authorization', `Bearer ${token}`);
          if (typeof init.body === 'string') bytesSent += Buffer.byteLength(init.body);
          const started = process.hrtime.bigint();
          const response = await PouchDB.fetch(url, init);
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
          return response;
        },
      });
      clients.push({ local, remote, token });
    }
    const cpuBefore = cpuSeconds(child.pid);
    const started = process.hrtime.bigint();
    const results = await Promise.all(clients.map(({ local, remote }) => local.replicate.to(remote, { batch_size: BATCH, batches_limit: 2 })));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpuAfter = cpuSeconds(child.pid);
    const serverCpu = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
    const written = results.reduce((sum: number, result: { docs_written: number }) => sum + result.docs_written, 0);
    await Promise.all(clients.map(({ local }) => local.destroy()));

    // Pull: every post fetches the reference data (an alert list of ALERTS entries), as a new post does.
    await server.storage.access.createUser({ userId: 'bench-admin', name: 'Bench', role: 'admin', password: 'bench password 123' }, 'bench');
    const { token: adminToken } = await server.storage.access.signIn('bench-admin', 'bench password 123');
    const alerts = exampleDocuments('alert-person', { postId: 'bench-1', count: ALERTS, seed: 77 });
    for (let i = 0; i < alerts.length; i += 1000) {
      const response = await fetch(`${server.url}/reference/_bulk_docs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ docs: alerts.slice(i, i + 1000) }),
      });
      if (response.status !== 201) throw new Error(`loading alerts failed: ${response.status}`);
    }
    const pullStarted = process.hrtime.bigint();
    const pulls = await Promise.all(
      clients.map(async ({ token }, index) => {
        const target = new PouchDB(`bench-pull-${label}-${index}-${Date.now()}`, { adapter: 'memory' });
        const source = new PouchDB(`${server.url}/reference`, {
          skip_setup: true,
          fetch: (url: string, init: { headers: { set(name: string, value: string): void } }) => {
            init.headers.set('Authorization', `Bearer ${token}`);
            return PouchDB.fetch(url, init);
          },
        });
        const result = await target.replicate.from(source, { batch_size: 500 });
        await target.destroy();
        return result.docs_written as number;
      }),
    );
    const pullSeconds = Number(process.hrtime.bigint() - pullStarted) / 1e9;
    const pulled = pulls.reduce((sum, n) => sum + n, 0);
    return { label, pulled, pullSeconds, written, seconds, docsPerSecond: written / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), requests: latencies.length, megabytes: bytesSent / 1e6, serverCpu };
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The same documents inserted straight into SQLite: body JSON plus attachments by digest, BATCH per transaction. */
function benchRawSqlite(perPost: Map<string, Doc[]>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'borderpost-bench-raw-'));
  const db = openDatabase(path.join(dir, 'raw.sqlite'));
  try {
    db.exec('CREATE TABLE docs (db TEXT, id TEXT, rev TEXT, body TEXT, PRIMARY KEY (db, id)); CREATE TABLE attachments (digest TEXT PRIMARY KEY, data BLOB)');
    const insertDoc = db.prepare('INSERT INTO docs (db, id, rev, body) VALUES (?, ?, ?, ?)');
    const insertAttachment = db.prepare('INSERT OR IGNORE INTO attachments (digest, data) VALUES (?, ?)');
    const insertBatch = db.transaction((postId: string, docs: Doc[]) => {
      for (const doc of docs) {
        const { _attachments, ...body } = doc as Doc & { _attachments: Record<string, { data: string; content_type: string }> };
        const stubs: Record<string, { digest: string; content_type: string }> = {};
        for (const [name, attachment] of Object.entries(_attachments)) {
          const data = Buffer.from(attachment.data, 'base64');
          const digest = 'md5-' + crypto.createHash('md5').update(attachment.data, 'base64').digest('base64');
          insertAttachment.run(digest, data);
          stubs[name] = { digest, content_type: attachment.content_type };
        }
        insertDoc.run(`post-${postId}`, doc._id, '1-' + crypto.randomBytes(16).toString('hex'), JSON.stringify({ ...body, _attachments: stubs }));
      }
    });
    const started = process.hrtime.bigint();
    let written = 0;
    for (const [postId, docs] of perPost) {
      for (let i = 0; i < docs.length; i += BATCH) {
        const batch = docs.slice(i, i + BATCH);
        insertBatch(postId, batch);
        written += batch.length;
      }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { written, seconds, docsPerSecond: written / seconds };
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const perPost = makeDocs();
  const sample = JSON.stringify([...perPost.values()][0]![0]);
  console.log(`bench:server — ${POSTS} posts × ${DOCS_PER_POST} crossings (≈${Math.round(sample.length / 1024)} KB each as JSON with inline attachments), batch_size ${BATCH}, ${os.cpus().length} CPUs, Node ${process.version}`);
  const raw = benchRawSqlite(perPost);
  const runs = [await benchServer('sqlite', perPost, null)];
  if (process.env.BENCH_DATABASE_URL) runs.push(await benchServer('postgres', perPost, process.env.BENCH_DATABASE_URL));
  console.log('');
  console.log('what                                               docs     seconds   docs/s    p50 ms   p99 ms   requests');
  console.log(`raw better-sqlite3 insert (same docs, FULL, batch)  ${String(raw.written).padEnd(8)} ${raw.seconds.toFixed(2).padEnd(9)} ${raw.docsPerSecond.toFixed(0).padEnd(9)} -        -        -`);
  for (const run of runs) {
    console.log(
      `server on ${run.label.padEnd(8)} (PouchDB push, ${POSTS} posts)      ${String(run.written).padEnd(8)} ${run.seconds.toFixed(2).padEnd(9)} ${run.docsPerSecond.toFixed(0).padEnd(9)} ${run.p50.toFixed(1).padEnd(8)} ${run.p99.toFixed(1).padEnd(8)} ${run.requests}`,
    );
  }
  console.log('');
  for (const run of runs) {
    console.log(`ratio server(${run.label}) / raw insert: ${(run.docsPerSecond / raw.docsPerSecond).toFixed(3)} (${(raw.docsPerSecond / run.docsPerSecond).toFixed(1)}× slower); ${run.megabytes.toFixed(1)} MB sent`);
    console.log(`  pull: ${POSTS} posts each pulling ${ALERTS} alert entries (filtered reference, batch 500): ${run.pulled} docs in ${run.pullSeconds.toFixed(2)} s = ${(run.pulled / run.pullSeconds).toFixed(0)} docs/s`);
    if (run.serverCpu !== null) {
      // The PouchDB clients share this machine: when the server is not busy all the time, they are the limit.
      console.log(
        `  server process CPU: ${run.serverCpu.toFixed(2)} s for ${run.seconds.toFixed(2)} s wall (${((100 * run.serverCpu) / run.seconds).toFixed(0)}% of one core) → ${(run.written / run.serverCpu).toFixed(0)} docs per server CPU-second`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
