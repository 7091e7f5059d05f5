/**
 * Document store benchmark: our `sqlite` adapter (plain and encrypted) side by side with PouchDB's
 * `leveldb` adapter (its default Node adapter) and `memory`, in one run, on crossing-shaped documents
 * (~60 KB of images: one 40 KB face photo and two 10 KB fingerprints, random bytes).
 *
 *   npm run bench:docstore            (BENCH_SCALE=0.5 for a quicker run)
 *
 * Figures: bulk write throughput (bulkDocs of small documents, and of crossings with images), p50/p99
 * latency of one crossing put with images, replication throughput to a memory database, and bytes on
 * disk per byte of attachment. Note on durability: our adapter commits each write with
 * synchronous=FULL (fsync before acknowledging); PouchDB's leveldb adapter writes without `sync`, so
 * an acknowledged leveldb write can still be lost on power failure. The latency column compares a
 * durable write with a non-durable one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import PouchDB from 'pouchdb-core';
import memoryAdapter from 'pouchdb-adapter-memory';
import leveldbAdapter from 'pouchdb-adapter-leveldb';
import replication from 'pouchdb-replication';
import { sampleCrossing, sqliteAdapter, storeOf, SAMPLE_ATTACHMENT_SIZES } from '@borderpost/docstore';

const Pouch = PouchDB.plugin(sqliteAdapter as unknown as PouchDB.Plugin)
  .plugin(memoryAdapter)
  .plugin(leveldbAdapter)
  .plugin(replication);

type Db = PouchDB.Database<Record<string, unknown>>;

interface Contender {
  label: string;
  adapter: 'sqlite' | 'leveldb' | 'memory';
  options?: Record<string, unknown>;
  onDisk: boolean;
  /** Diagnostic only: drop fsync on commit (synchronous=NORMAL) to show what durability costs here. */
  noFsync?: boolean;
}

const contenders: Contender[] = [
  { label: 'sqlite (ours)', adapter: 'sqlite', onDisk: true },
  { label: 'sqlite encrypted', adapter: 'sqlite', options: { key: 'bench passphrase' }, onDisk: true },
  { label: 'leveldb', adapter: 'leveldb', onDisk: true },
  { label: 'memory', adapter: 'memory', onDisk: false },
  { label: 'sqlite no-fsync*', adapter: 'sqlite', onDisk: true, noFsync: true },
];

const scale = Number(process.env.BENCH_SCALE ?? 1);
const SMALL_DOCS = Math.round(10_000 * scale);
const SMALL_BATCH = 500;
const CROSSINGS_BULK = Math.round(300 * scale);
const CROSSINGS_BATCH = 50;
const SINGLE_PUTS = Math.round(300 * scale);
const ATTACHMENT_BYTES_PER_CROSSING = Object.values(SAMPLE_ATTACHMENT_SIZES).reduce((a, b) => a + b, 0);

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-docstore-'));
let serial = 0;

interface Store {
  db: Db;
  location: string;
}

async function open(contender: Contender): Promise<Store> {
  serial += 1;
  const location = contender.onDisk ? path.join(root, `${contender.adapter}-${serial}${contender.adapter === 'sqlite' ? '.sqlite' : ''}`) : `bench-mem-${serial}`;
  const db = new Pouch(location, { adapter: contender.adapter, ...contender.options } as PouchDB.Configuration.DatabaseConfiguration) as Db;
  await db.info();
  if (contender.noFsync) storeOf(db).db.pragma('synchronous = NORMAL');
  return { db, location };
}

function smallDoc(i: number): Record<string, unknown> & { _id: string } {
  const { _attachments: _ignored, ...doc } = sampleCrossing(i);
  return { ...doc, _id: `small:${String(i).padStart(8, '0')}` };
}

/** Bytes a store occupies: the file with its -wal/-shm, or every file of a leveldb directory. */
function bytesOnDisk(location: string): number {
  let total = 0;
  for (const candidate of [location, `${location}-wal`, `${location}-shm`]) {
    if (!fs.existsSync(candidate)) continue;
    const stat = fs.statSync(candidate);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(candidate)) total += fs.statSync(path.join(candidate, entry)).size;
    } else total += stat.size;
  }
  return total;
}

/** SQLite pages holding attachments: chunk rows, per-digest rows with their tails, and the digest index (dbstat). */
function attachmentTableBytes(db: Db): number {
  const row = storeOf(db)
    .db.prepare("SELECT sum(pgsize) AS bytes FROM dbstat WHERE name IN (SELECT name FROM sqlite_schema WHERE tbl_name IN ('docstore_attachments', 'docstore_attachment_chunks'))")
    .get() as { bytes: number };
  return row.bytes;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

interface Figures {
  smallDocsPerSec: number;
  crossingsPerSec: number;
  crossingMBPerSec: number;
  putP50: number;
  putP99: number;
  replicationDocsPerSec: number;
  replicationMBPerSec: number;
  diskPerAttachmentByte: number | undefined;
  attachmentTablePerByte: number | undefined;
}

/**
 * Runs `step(contender, round)` for every contender, round after round, so that all of them see the
 * same machine conditions (other processes, disk flushes) rather than one getting a quiet minute.
 */
async function interleaved(rounds: number, step: (index: number, round: number) => Promise<number>): Promise<number[][]> {
  const samples = contenders.map(() => [] as number[]);
  for (let round = 0; round < rounds; round += 1) {
    for (let index = 0; index < contenders.length; index += 1) samples[index]?.push(await step(index, round));
  }
  return samples;
}

async function measureAll(): Promise<Figures[]> {
  const small = await Promise.all(contenders.map(open));
  const crossings = await Promise.all(contenders.map(open));

  // 1. Bulk write throughput, small documents (a crossing's JSON without images).
  const smallTimes = await interleaved(Math.ceil(SMALL_DOCS / SMALL_BATCH), async (index, round) => {
    const docs = Array.from({ length: Math.min(SMALL_BATCH, SMALL_DOCS - round * SMALL_BATCH) }, (_, k) => smallDoc(round * SMALL_BATCH + k));
    const t0 = performance.now();
    await (small[index] as Store).db.bulkDocs(docs);
    return performance.now() - t0;
  });

  // 2. Bulk write throughput, crossings with images.
  const crossingTimes = await interleaved(Math.ceil(CROSSINGS_BULK / CROSSINGS_BATCH), async (index, round) => {
    const docs = Array.from({ length: Math.min(CROSSINGS_BATCH, CROSSINGS_BULK - round * CROSSINGS_BATCH) }, (_, k) => sampleCrossing(round * CROSSINGS_BATCH + k));
    const t0 = performance.now();
    await (crossings[index] as Store).db.bulkDocs(docs);
    return performance.now() - t0;
  });

  // 3. Latency of one crossing put with images (the officer's "save").
  const putTimes = await interleaved(SINGLE_PUTS, async (index, round) => {
    const doc = sampleCrossing(CROSSINGS_BULK + round);
    const t0 = performance.now();
    await (crossings[index] as Store).db.put(doc);
    return performance.now() - t0;
  });

  // 4. Replication of each crossings store (documents + images) to a fresh memory database; three
  // rounds, contenders in turn, median kept (one run alone swings with the machine's load).
  const replicationRuns = await interleaved(3, async (index, round) => {
    const target = new Pouch(`bench-target-${index}-${round}`, { adapter: 'memory' } as PouchDB.Configuration.DatabaseConfiguration);
    const t0 = performance.now();
    const replicated = await (crossings[index] as Store).db.replicate.to(target, { batch_size: 100 });
    const seconds = (performance.now() - t0) / 1000;
    await target.destroy();
    return replicated.docs_written / seconds;
  });

  const figures: Figures[] = [];
  for (const [index, contender] of contenders.entries()) {
    const store = crossings[index] as Store;
    const replicationDocsPerSec = [...(replicationRuns[index] as number[])].sort((a, b) => a - b)[1] as number;

    // 5. Bytes on disk per byte of attachment: the whole store (documents included) after close, and
    // for sqlite the pages of the attachment table alone (SQLite's dbstat).
    const attachmentBytes = (CROSSINGS_BULK + SINGLE_PUTS) * ATTACHMENT_BYTES_PER_CROSSING;
    let attachmentTable: number | undefined;
    if (contender.adapter === 'sqlite') {
      attachmentTable = attachmentTableBytes(store.db) / attachmentBytes;
    }
    await store.db.close();
    await (small[index] as Store).db.close();
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const puts = [...(putTimes[index] as number[])].sort((a, b) => a - b);
    const crossingSeconds = sum(crossingTimes[index] as number[]) / 1000;
    figures.push({
      smallDocsPerSec: SMALL_DOCS / (sum(smallTimes[index] as number[]) / 1000),
      crossingsPerSec: CROSSINGS_BULK / crossingSeconds,
      crossingMBPerSec: (CROSSINGS_BULK * ATTACHMENT_BYTES_PER_CROSSING) / 1e6 / crossingSeconds,
      putP50: percentile(puts, 50),
      putP99: percentile(puts, 99),
      replicationDocsPerSec,
      replicationMBPerSec: (replicationDocsPerSec * ATTACHMENT_BYTES_PER_CROSSING) / 1e6,
      diskPerAttachmentByte: contender.onDisk ? bytesOnDisk(store.location) / attachmentBytes : undefined,
      attachmentTablePerByte: attachmentTable,
    });
  }
  return figures;
}

async function main(): Promise<void> {
  console.log(
    `docstore bench: ${SMALL_DOCS} small docs (bulkDocs ×${SMALL_BATCH}), ${CROSSINGS_BULK} crossings with ${ATTACHMENT_BYTES_PER_CROSSING / 1000} KB images ` +
      `(bulkDocs ×${CROSSINGS_BATCH}), ${SINGLE_PUTS} single crossing puts; Node ${process.version}, ${os.cpus().length} CPUs\n`,
  );
  const measured = await measureAll();
  const results: Record<string, Figures> = Object.fromEntries(contenders.map((contender, i) => [contender.label, measured[i] as Figures]));
  const rows: [string, (f: Figures) => string][] = [
    ['bulk write, small docs (docs/s)', (f) => f.smallDocsPerSec.toFixed(0)],
    ['bulk write, crossings with images (docs/s)', (f) => f.crossingsPerSec.toFixed(0)],
    ['bulk write, crossings with images (MB/s)', (f) => f.crossingMBPerSec.toFixed(1)],
    ['one crossing put, p50 (ms)', (f) => f.putP50.toFixed(2)],
    ['one crossing put, p99 (ms)', (f) => f.putP99.toFixed(2)],
    ['replication to memory (docs/s)', (f) => f.replicationDocsPerSec.toFixed(0)],
    ['replication to memory (MB/s of images)', (f) => f.replicationMBPerSec.toFixed(1)],
    ['bytes on disk per attachment byte (whole store)', (f) => (f.diskPerAttachmentByte === undefined ? 'n/a' : f.diskPerAttachmentByte.toFixed(3))],
    ['attachment tables bytes per attachment byte', (f) => (f.attachmentTablePerByte === undefined ? 'n/a' : f.attachmentTablePerByte.toFixed(3))],
  ];
  const labels = Object.keys(results);
  const width = Math.max(...rows.map(([name]) => name.length));
  const columns = labels.map((label) => Math.max(label.length, 10));
  console.log([''.padEnd(width), ...labels.map((label, i) => label.padStart(columns[i] as number))].join('  '));
  for (const [name, format] of rows) {
    console.log([name.padEnd(width), ...labels.map((label, i) => format(results[label] as Figures).padStart(columns[i] as number))].join('  '));
  }
  console.log(
    '\nsqlite: every write is fsynced before it is acknowledged (WAL, synchronous=FULL). leveldb: PouchDB writes without sync, ' +
      'so an acknowledged write can be lost on power failure.\n* diagnostic only, not a supported mode: our adapter with synchronous=NORMAL, i.e. the cost of one fsync per write on this machine.' +
      '\nWhole store = file(s) after close, documents included; attachment tables = SQLite pages of docstore_attachments, ' +
      'its digest index and docstore_attachment_chunks (dbstat).',
  );
  await variedSizes();
}

/**
 * Attachment storage with sizes that vary (real photos do): bytes of the attachment tables per
 * attachment byte for our adapter, plain and encrypted, on three size mixes.
 */
async function variedSizes(): Promise<void> {
  const random = (low: number, high: number) => low + Math.floor(Math.random() * (high - low));
  const mixes: [string, () => number[]][] = [
    ['crossing sizes ±30% (40+10+10 KB)', () => Object.values(SAMPLE_ATTACHMENT_SIZES).map((size) => Math.round(size * (0.7 + 0.6 * Math.random())))],
    ['random 5–200 KB', () => [random(5_000, 200_000)]],
    ['random 5–20 KB', () => [random(5_000, 20_000), random(5_000, 20_000), random(5_000, 20_000)]],
  ];
  const documents = Math.round(300 * scale);
  const sqlite = contenders.filter((contender) => contender.adapter === 'sqlite' && !contender.noFsync);
  console.log(`\nattachment tables bytes per attachment byte, varied sizes (${documents} documents per mix, bulkDocs ×${CROSSINGS_BATCH})`);
  const width = Math.max(...mixes.map(([name]) => name.length));
  console.log([''.padEnd(width), ...sqlite.map((contender) => contender.label.padStart(16))].join('  '));
  for (const [name, sizes] of mixes) {
    const cells: string[] = [];
    for (const contender of sqlite) {
      const store = await open(contender);
      let total = 0;
      for (let start = 0; start < documents; start += CROSSINGS_BATCH) {
        const docs = Array.from({ length: Math.min(CROSSINGS_BATCH, documents - start) }, (_, k) => {
          const attachments = Object.fromEntries(
            sizes().map((size, a) => {
              total += size;
              return [`image-${a}.bin`, { content_type: 'application/octet-stream', data: randomBytes(size) }];
            }),
          );
          return { _id: `varied:${String(start + k).padStart(8, '0')}`, _attachments: attachments };
        });
        await store.db.bulkDocs(docs);
      }
      cells.push((attachmentTableBytes(store.db) / total).toFixed(3).padStart(16));
      await store.db.close();
    }
    console.log([name.padEnd(width), ...cells].join('  '));
  }
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(root, { recursive: true, force: true }));
