/* eslint-disable @typescript-eslint/no-explicit-any -- PouchDB documents are free-form */
/**
 * Property test: random histories (edits, deletions, replicated branches, compaction, local docs) are
 * applied to our adapter and to PouchDB's memory adapter; afterwards everything observable — allDocs,
 * the changes feed, every leaf of every document, revsDiff, info — must be identical.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { TestPouch } from './testing/pouch';

type Op =
  | { kind: 'put'; id: number; value: number }
  | { kind: 'delete'; id: number }
  | { kind: 'branch'; id: number; depth: number; hash: string; parent: number }
  | { kind: 'local'; id: number; value: number }
  | { kind: 'compact' };

const ids = fc.integer({ min: 0, max: 5 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('put' as const), id: ids, value: fc.integer({ min: 0, max: 1000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), id: ids }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('branch' as const),
      id: ids,
      depth: fc.integer({ min: 1, max: 4 }),
      hash: fc.constantFrom('a', 'b', 'c', 'd'),
      parent: fc.integer({ min: 0, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('local' as const), id: ids, value: fc.integer({ min: 0, max: 1000 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'compact' as const }) },
);

/** Applies one operation; errors (conflicts, missing documents) are part of the observable outcome. */
async function apply(db: PouchDB.Database<any>, step: Op): Promise<unknown> {
  try {
    switch (step.kind) {
      case 'put': {
        const id = `doc-${step.id}`;
        const existing = await db.get(id).catch(() => undefined);
        return await db.put({ _id: id, value: step.value, ...(existing ? { _rev: existing._rev } : {}) });
      }
      case 'delete': {
        const existing = await db.get(`doc-${step.id}`);
        return await db.remove(existing);
      }
      case 'branch': {
        // A replicated revision path of `depth` revisions hanging off one of a few fixed roots, as
        // another replica would send it; it may extend, fork or duplicate what is already there.
        const hashes = Array.from({ length: step.depth }, (_, i) => (i === 0 ? `root${step.parent}` : `${step.hash}${i}`)).reverse();
        const padded = hashes.map((h) => h.padEnd(32, '0').slice(0, 32));
        return await db.bulkDocs(
          [{ _id: `doc-${step.id}`, _rev: `${step.depth}-${padded[0]}`, _revisions: { start: step.depth, ids: padded }, branch: step.hash }],
          { new_edits: false },
        );
      }
      case 'local': {
        const id = `_local/l-${step.id}`;
        const existing = await db.get(id).catch(() => undefined);
        return await db.put({ _id: id, value: step.value, ...(existing ? { _rev: existing._rev } : {}) });
      }
      case 'compact':
        return await db.compact();
    }
  } catch (error: any) {
    return { error: error.status };
  }
}

async function observe(db: PouchDB.Database<any>): Promise<unknown> {
  const all = await db.allDocs({ include_docs: true, conflicts: true });
  const changes = await db.changes({ style: 'all_docs', include_docs: true, conflicts: true } as any);
  const leaves: unknown[] = [];
  for (let i = 0; i <= 5; i += 1) {
    const open = await (db as any).get(`doc-${i}`, { open_revs: 'all', revs: true }).catch((e: any) => ({ error: e.status }));
    leaves.push(Array.isArray(open) ? open.sort((a: any, b: any) => JSON.stringify(a) < JSON.stringify(b) ? -1 : 1) : open);
  }
  // Every revision the tree knows: which bodies are still readable (compaction, stemming).
  const bodies: unknown[] = [];
  for (let i = 0; i <= 5; i += 1) {
    const open = await (db as any).get(`doc-${i}`, { open_revs: 'all', revs: true }).catch(() => []);
    for (const leaf of open as any[]) {
      const revisions = leaf.ok?._revisions;
      if (!revisions) continue;
      for (const [k, hash] of (revisions.ids as string[]).entries()) {
        const rev = `${revisions.start - k}-${hash}`;
        bodies.push([rev, await db.get(`doc-${i}`, { rev }).then((d: any) => d.value ?? d.branch ?? null, (e: any) => e.status)]);
      }
    }
  }
  const diff = await db.revsDiff({ 'doc-0': ['1-' + 'root0'.padEnd(32, '0'), '9-zz'], 'doc-1': ['2-' + 'a1'.padEnd(32, '0')] });
  const info = await db.info();
  const locals = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => db.get(`_local/l-${i}`).catch((e: any) => ({ error: e.status }))));
  return { all, changes, leaves, bodies, diff, docCount: info.doc_count, updateSeq: info.update_seq, locals };
}

test('random histories leave sqlite and memory in the same observable state', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docstore-property-'));
  let run = 0;
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        run += 1;
        const sqlite = new TestPouch<any>(path.join(dir, `p-${run}.sqlite`), { adapter: 'sqlite' } as any);
        const memory = new TestPouch<any>(`property-${run}`, { adapter: 'memory' } as any);
        try {
          for (const step of ops) {
            const ours = await apply(sqlite, step);
            const reference = await apply(memory, step);
            expect(JSON.parse(JSON.stringify(ours ?? null))).toEqual(JSON.parse(JSON.stringify(reference ?? null)));
          }
          expect(await observe(sqlite)).toEqual(await observe(memory));
        } finally {
          await sqlite.destroy();
          await memory.destroy();
        }
      }),
      { numRuns: 40 },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
