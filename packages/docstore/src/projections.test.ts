/* eslint-disable @typescript-eslint/no-explicit-any -- PouchDB documents in tests are free-form */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { schemaVersion } from '@borderpost/sqlite';
import { TestPouch } from './testing/pouch';
import { ProjectionRunner, type Projection } from './projections';
import { crossingsByDate, crossingsByDocument, crossingsProjection } from './crossings-projection';
import { sampleCrossing } from './sample-crossing';
import { storeOf } from './store-access';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docstore-projections-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const openSqlite = (name = 'p.sqlite') => new TestPouch<any>(path.join(dir, name), { adapter: 'sqlite' } as any);
const projectedIds = (db: object) =>
  (storeOf(db).db.prepare('SELECT doc_id FROM proj_crossings ORDER BY doc_id').all() as { doc_id: string }[]).map((r) => r.doc_id);

test('crossings are projected by document number and by date; updates replace rows, deletions remove them', async () => {
  const db = openSqlite();
  const runner = new ProjectionRunner(db, [crossingsProjection], { batchSize: 3 });
  await db.bulkDocs([sampleCrossing(1, { date: '2026-11-01' }), sampleCrossing(2, { date: '2026-11-02' }), sampleCrossing(5001, { date: '2026-11-03' })]);
  await db.put({ _id: 'audit:post-1:1', type: 'audit', what: 'not a crossing' });
  await db.put({ _id: 'crossing:broken', type: 'crossing' }); // no document number: ignored, not fatal
  const checkpoints = await runner.catchUp();
  expect(checkpoints.crossings).toBe((await db.info()).update_seq);

  const sql = storeOf(db).db;
  // sampleCrossing(1) and sampleCrossing(5001) share a document number (index modulo 5000).
  expect(crossingsByDocument(sql, 'L00100001').map((r) => r.doc_id)).toEqual(['crossing:post-1:0000000001', 'crossing:post-1:0000005001']);
  expect(crossingsByDocument(sql, 'L00100001', 'XXX')).toEqual([]);
  expect(crossingsByDate(sql, '2026-11-02', '2026-11-03').map((r) => r.crossing_date)).toEqual(['2026-11-02', '2026-11-03']);
  expect(crossingsByDocument(sql, 'L00100002')[0]).toMatchObject({ direction: 'entry', outcome: 'admitted', surname: 'ERIKSSON', post_id: 'post-1' });

  const second = await db.get('crossing:post-1:0000000002');
  await db.put({ ...second, decision: { outcome: 'refused', at: '2026-11-20T10:00:00.000Z' } });
  const first = await db.get('crossing:post-1:0000000001');
  await db.remove(first);
  await runner.catchUp();
  expect(crossingsByDocument(sql, 'L00100002')).toHaveLength(1);
  expect(crossingsByDocument(sql, 'L00100002')[0]).toMatchObject({ outcome: 'refused', crossing_date: '2026-11-20' });
  expect(projectedIds(db)).toEqual(['crossing:post-1:0000000002', 'crossing:post-1:0000005001']);
  await db.close();
});

test('rows and checkpoint commit together: a failing batch leaves both untouched, and a retry applies each change once', async () => {
  const db = openSqlite();
  let failOn: string | undefined = 'doc-7';
  const applied: string[] = [];
  const counting: Projection = {
    name: 'counting',
    tables: ['proj_counting'],
    migrations: [{ version: 1, name: '0001-create', up: 'CREATE TABLE proj_counting (doc_id TEXT NOT NULL, seq INTEGER NOT NULL)' }],
    apply(sql, change) {
      if (change.id === failOn) throw new Error('simulated failure');
      applied.push(change.id);
      // Appends on purpose: a duplicate application would show as two rows.
      sql.prepare('INSERT INTO proj_counting (doc_id, seq) VALUES (?, ?)').run(change.id, change.seq);
    },
  };
  const runner = new ProjectionRunner(db, [counting], { batchSize: 5 });
  await db.bulkDocs(Array.from({ length: 12 }, (_, i) => ({ _id: `doc-${i}` })));
  await expect(runner.catchUp()).rejects.toMatchObject({ code: 'DOCSTORE_PROJECTION_FAILED', details: { docId: 'doc-7' } });
  expect(runner.checkpoint('counting')).toBe(5); // first batch committed, second rolled back
  const rows = () => storeOf(db).db.prepare('SELECT doc_id FROM proj_counting ORDER BY seq').all() as { doc_id: string }[];
  expect(rows()).toHaveLength(5);
  failOn = undefined;
  await runner.catchUp();
  expect(rows().map((r) => r.doc_id)).toEqual(Array.from({ length: 12 }, (_, i) => `doc-${i}`));
  expect(runner.checkpoint('counting')).toBe(12);
  expect(applied.filter((id) => id === 'doc-2')).toHaveLength(1);
  await db.close();
});

test('a projection can be dropped and rebuilt from the documents', async () => {
  const db = openSqlite();
  const runner = new ProjectionRunner(db, [crossingsProjection]);
  await db.bulkDocs(Array.from({ length: 6 }, (_, i) => sampleCrossing(i)));
  await runner.catchUp();
  const before = storeOf(db).db.prepare('SELECT * FROM proj_crossings ORDER BY doc_id').all();
  storeOf(db).db.prepare("UPDATE proj_crossings SET surname = 'CORRUPTED'").run();
  const checkpoint = await runner.rebuild('crossings');
  expect(checkpoint).toBe((await db.info()).update_seq);
  expect(storeOf(db).db.prepare('SELECT * FROM proj_crossings ORDER BY doc_id').all()).toEqual(before);
  expect(schemaVersion(storeOf(db).db, 'projection:crossings')).toBe(2);
  await expect(runner.rebuild('nope')).rejects.toMatchObject({ code: 'DOCSTORE_PROJECTION_UNKNOWN' });
  await db.close();
});

test('numbered migrations upgrade a projection in place; a newer schema is refused', async () => {
  const file = 'migrate.sqlite';
  let db = openSqlite(file);
  const v1: Projection = { ...crossingsProjection, migrations: crossingsProjection.migrations.slice(0, 1), apply: () => undefined };
  new ProjectionRunner(db, [v1]);
  storeOf(db).db.prepare("INSERT INTO proj_crossings (doc_id, document_number) VALUES ('kept', 'X1')").run();
  await db.close();

  db = openSqlite(file);
  new ProjectionRunner(db, [crossingsProjection]);
  expect(schemaVersion(storeOf(db).db, 'projection:crossings')).toBe(2);
  expect(storeOf(db).db.prepare("SELECT doc_id, outcome FROM proj_crossings WHERE doc_id = 'kept'").get()).toEqual({ doc_id: 'kept', outcome: null });
  expect(() => new ProjectionRunner(db, [v1])).toThrow(expect.objectContaining({ code: 'SQLITE_SCHEMA_TOO_NEW' }));
  expect(() => new ProjectionRunner(db, [{ ...v1, name: 'Bad Name' }])).toThrow(expect.objectContaining({ code: 'DOCSTORE_PROJECTION_NAME' }));
  await db.close();
});

test('follow() keeps a projection current as documents are written', async () => {
  const db = openSqlite();
  const runner = new ProjectionRunner(db, [crossingsProjection]);
  const errors: unknown[] = [];
  runner.follow((error) => errors.push(error));
  for (let i = 0; i < 5; i += 1) await db.put(sampleCrossing(i));
  const deadline = Date.now() + 10_000;
  while (projectedIds(db).length < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await runner.stop();
  expect(projectedIds(db)).toHaveLength(5);
  expect(runner.checkpoint('crossings')).toBe((await db.info()).update_seq);
  expect(errors).toEqual([]);
  await db.close();
});
