/* eslint-disable @typescript-eslint/no-explicit-any -- PouchDB documents in tests are free-form */
/**
 * Crash safety, for real: a child process writes crossing-sized documents (~60 KB of images each)
 * and reports every acknowledged write; it is killed with SIGKILL at random moments, many times, on
 * the same file. After each kill: every acknowledged revision is there with intact attachments, the
 * file passes SQLite's integrity check, and the projections catch up exactly (no change applied twice,
 * none missing).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestPouch } from './testing/pouch';
import { ProjectionRunner } from './projections';
import { crossingsProjection } from './crossings-projection';
import { changeLogProjection } from './testing/change-log-projection';
import { storeOf } from './store-access';
import { SAMPLE_ATTACHMENT_SIZES } from './sample-crossing';

const KILLS = 25;

interface Run {
  acks: { id: string; rev: string }[];
  stderr: string;
}

/** Starts the writer and SIGKILLs it at a random moment: sometimes during start-up, mostly mid-write. */
function runAndKill(file: string, start: number, random: () => number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'testing', 'crash-writer.ts'), file, String(start)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    const kill = () => child.kill('SIGKILL');
    const safety = setTimeout(kill, 30_000);
    if (random() < 0.2) {
      killTimer = setTimeout(kill, Math.floor(random() * 800));
    }
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!killTimer && stdout.includes('\n')) killTimer = setTimeout(kill, Math.floor(random() * 400));
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(safety);
      clearTimeout(killTimer);
      // Only complete lines were acknowledged; a torn last line is ignored.
      const lines = stdout.split('\n').slice(0, -1);
      const acks = lines.filter((line) => line.startsWith('ack ')).map((line) => {
        const [, id, rev] = line.split(' ');
        return { id: id as string, rev: rev as string };
      });
      resolve({ acks, stderr });
    });
  });
}

/** A small deterministic generator, so a failing run can be replayed with the same kill pattern. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

test(`acknowledged writes survive ${KILLS} SIGKILLs and projections catch up exactly`, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docstore-crash-'));
  const file = path.join(dir, 'post.sqlite');
  const seed = Number(process.env.DOCSTORE_CRASH_SEED ?? Date.now() % 100000);
  const random = seededRandom(seed);
  const acknowledged = new Map<string, Set<string>>();
  let next = 0;
  let killedMidWrite = 0;
  let compactedOnce = false;
  try {
    for (let kill = 0; kill < KILLS; kill += 1) {
      const run = await runAndKill(file, next, random);
      expect(run.stderr).toBe('');
      if (run.acks.length) killedMidWrite += 1;
      for (const { id, rev } of run.acks) {
        if (!acknowledged.has(id)) acknowledged.set(id, new Set());
        acknowledged.get(id)?.add(rev);
      }
      next += run.acks.length + 10;

      const db = new TestPouch<any>(file, { adapter: 'sqlite' } as any);
      const sql = storeOf(db).db;
      expect(sql.pragma('integrity_check', { simple: true })).toBe('ok');
      for (const [id, revs] of acknowledged) {
        // Every acknowledged revision is in the document's history (compaction may have removed the
        // bodies of superseded ones, which is its job), and the current revision is whole.
        const current = await db.get(id, { revs: true, attachments: true, binary: true });
        const history = new Set((current._revisions.ids as string[]).map((hash, k) => `${current._revisions.start - k}-${hash}`));
        for (const rev of revs) expect(history.has(rev)).toBe(true);
        const stubs = (await db.get(id))._attachments;
        for (const [name, size] of Object.entries(SAMPLE_ATTACHMENT_SIZES)) {
          const att = current._attachments[name];
          expect(att.data.length).toBe(size);
          expect('md5-' + createHash('md5').update(att.data).digest('base64')).toBe(stubs[name].digest);
        }
      }
      // No attachment body is kept that no stored revision uses, and none that one uses is missing.
      expect(sql.prepare('SELECT count(*) AS n FROM docstore_attachments a WHERE NOT EXISTS (SELECT 1 FROM docstore_attachment_refs r WHERE r.digest = a.digest)').get()).toEqual({ n: 0 });
      expect(sql.prepare('SELECT count(*) AS n FROM docstore_attachment_refs r WHERE NOT EXISTS (SELECT 1 FROM docstore_attachments a WHERE a.digest = r.digest)').get()).toEqual({ n: 0 });
      // Every chunk row belongs to a stored attachment (chunk id = attachment id · 2^20 + index).
      expect(sql.prepare('SELECT count(*) AS n FROM docstore_attachment_chunks c WHERE NOT EXISTS (SELECT 1 FROM docstore_attachments a WHERE a.id = c.id >> 20)').get()).toEqual({ n: 0 });

      const runner = new ProjectionRunner(db, [crossingsProjection, changeLogProjection], { batchSize: 7 });
      await runner.catchUp();
      const info = await db.info();
      expect(runner.checkpoint('crossings')).toBe(info.update_seq);
      expect(runner.checkpoint('change_log')).toBe(info.update_seq);
      const crossings = (await db.allDocs({ startkey: 'crossing:', endkey: 'crossing:\uffff' })).rows.map((r) => r.id);
      const projected = (sql.prepare('SELECT doc_id FROM proj_crossings ORDER BY doc_id').all() as { doc_id: string }[]).map((r) => r.doc_id);
      expect(projected).toEqual(crossings);
      expect(sql.prepare('SELECT doc_id, seq FROM proj_change_log GROUP BY doc_id, seq HAVING count(*) > 1').all()).toEqual([]);
      // Each document's latest logged change is its current revision.
      const latest = sql
        .prepare('SELECT l.doc_id, l.rev FROM proj_change_log l WHERE l.seq = (SELECT max(seq) FROM proj_change_log WHERE doc_id = l.doc_id) ORDER BY l.doc_id')
        .all() as { doc_id: string; rev: string }[];
      const current = (await db.allDocs()).rows.map((r) => ({ doc_id: r.id, rev: r.value.rev }));
      expect(latest).toEqual(current);
      compactedOnce ||= await db.get('_local/compaction').then(
        () => true,
        () => false,
      );
      await db.close();
    }
    expect(acknowledged.size).toBeGreaterThan(KILLS);
    expect(killedMidWrite).toBeGreaterThan(KILLS / 2);
    expect(compactedOnce).toBe(true); // the writers did get to compact between kills
  } catch (error) {
    throw new Error(`crash test failed with DOCSTORE_CRASH_SEED=${seed}: ${(error as Error).message}`, { cause: error });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
