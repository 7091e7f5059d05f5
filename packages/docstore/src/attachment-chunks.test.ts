/* eslint-disable @typescript-eslint/no-explicit-any -- PouchDB documents in tests are free-form */
/**
 * Attachment chunk layout: the sizes chosen fit SQLite's page geometry (checked with dbstat on real
 * plain and encrypted files), every edge size round-trips byte for byte, deduplication and deletion
 * work on chunks, and migration 0002 converts a store written with the one-BLOB layout.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { migrate, openDatabase } from '@borderpost/sqlite';
import { TestPouch } from './testing/pouch';
import { storeOf } from './store-access';
import { chunkLayout, chunkPayload, chunkRange, pageGeometry } from './attachment-chunks';
import { attachmentDigest } from './attachments';
import { DOCSTORE_COMPONENT, docstoreMigrations } from './schema';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docstore-chunks-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const openSqlite = (file: string, options: object = {}) => new TestPouch<any>(file, { adapter: 'sqlite', ...options } as any);
const count = (db: object, table: string) => (storeOf(db).db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const put = (db: any, id: string, data: Buffer) => db.put({ _id: id, _attachments: { 'a.bin': { content_type: 'application/octet-stream', data } } });
const read = async (db: any, id: string): Promise<Buffer> => (await db.get(id, { attachments: true, binary: true }))._attachments['a.bin'].data;

describe('chunkLayout', () => {
  for (const usable of [4096, 4016]) {
    const g = pageGeometry(usable);
    const { chunks: one } = chunkLayout(1_000_000, g, 1);
    const full = one[0] as number;
    // Sizes around the boundaries: empty, tiny, one leaf piece, exactly one overflow chunk, a full chunk ± 1.
    const piece = chunkLayout(3000, g, 1).chunks.at(-1) as number;
    const oneOverflow = chunkLayout(g.overflowBytes + 600, g, 1).chunks[0] as number;
    const lengths = [0, 1, piece - 1, piece, piece + 1, oneOverflow - 1, oneOverflow, oneOverflow + 1, full - 1, full, full + 1, 2 * full, 5_000_000];
    test(`U=${usable}: every chunk row fills its overflow pages exactly and the tail is smaller than one leaf piece`, () => {
      for (const length of lengths) {
        const { chunks, tail } = chunkLayout(length, g, 1);
        expect(chunks.reduce((a, b) => a + b, 0) + tail).toBe(length);
        expect(tail).toBeLessThan(piece);
        expect(tail).toBeGreaterThanOrEqual(0);
        for (const size of chunks) {
          const payload = chunkPayload(size);
          if (payload <= g.maxLocal) continue; // a leaf piece: no overflow page at all
          // Local part between minLocal and maxLocal, overflow pages exactly full (or one byte short where the varint jumps).
          const local = g.minLocal + ((payload - g.minLocal) % g.overflowBytes);
          expect(local).toBeLessThanOrEqual(g.maxLocal);
          expect((payload - local) % g.overflowBytes === 0 || (payload - local + 1) % g.overflowBytes === 0).toBe(true);
        }
      }
      expect(chunkLayout(0, g, 1)).toEqual({ chunks: [], tail: 0 });
      expect(chunkLayout(1, g, 1)).toEqual({ chunks: [], tail: 1 });
      expect(chunkLayout(piece, g, 1)).toEqual({ chunks: [piece], tail: 0 });
      expect(chunkLayout(full, g, 1)).toEqual({ chunks: [full], tail: 0 });
    });
  }
});

describe.each([
  ['plain', {}],
  ['encrypted', { key: 'chunk test passphrase' }],
])('chunked attachments (%s)', (_label, options) => {
  test('edge sizes round-trip byte for byte, through reopen', async () => {
    const file = path.join(dir, 'edges.sqlite');
    let db = openSqlite(file, options);
    const g = storeOf(db).pageGeometry;
    const full = chunkLayout(1_000_000, g, 1).chunks[0] as number;
    const piece = chunkLayout(3000, g, 1).chunks.at(-1) as number;
    const lengths = [0, 1, piece - 1, piece, piece + 1, g.overflowBytes, full - 1, full, full + 1, 3 * full + 17, 1_500_000];
    const bodies = lengths.map((n) => randomBytes(n));
    for (const [i, body] of bodies.entries()) await put(db, `d${i}`, body);
    for (const [i, body] of bodies.entries()) expect((await read(db, `d${i}`)).equals(body)).toBe(true);
    await db.close();
    db = openSqlite(file, options);
    for (const [i, body] of bodies.entries()) expect((await read(db, `d${i}`)).equals(body)).toBe(true);
    expect(((await db.getAttachment('d0', 'a.bin')) as Buffer).length).toBe(0);
    expect(String(storeOf(db).db.pragma('integrity_check', { simple: true }))).toBe('ok');
    await db.close();
  });

  test('the usable page size is measured: the reserve of the cipher in use', async () => {
    const db = openSqlite(path.join(dir, 'geometry.sqlite'), options);
    const pageSize = storeOf(db).db.pragma('page_size', { simple: true }) as number;
    // SQLCipher 4 keeps a 16-byte IV and a 64-byte HMAC-SHA512 per page; a plain file keeps nothing.
    expect(storeOf(db).pageGeometry.usable).toBe(pageSize - ('key' in options ? 80 : 0));
    await db.close();
  });

  test('a body shared by documents is chunked once; the last revision using it frees its chunks', async () => {
    const db = openSqlite(path.join(dir, 'dedup.sqlite'), options);
    const photo = randomBytes(150_000);
    const one = await put(db, 'one', photo);
    const two = await put(db, 'two', photo);
    expect(count(db, 'docstore_attachments')).toBe(1);
    const chunks = count(db, 'docstore_attachment_chunks');
    expect(chunks).toBeGreaterThan(1);
    await db.remove('one', one.rev);
    await db.compact();
    expect(count(db, 'docstore_attachment_chunks')).toBe(chunks);
    expect((await read(db, 'two')).equals(photo)).toBe(true);
    await db.remove('two', two.rev);
    await db.compact();
    expect(count(db, 'docstore_attachments')).toBe(0);
    expect(count(db, 'docstore_attachment_chunks')).toBe(0);
    await db.close();
  });

  test('a missing chunk is reported, never served as a shorter body', async () => {
    const db = openSqlite(path.join(dir, 'corrupt.sqlite'), options);
    await put(db, 'p', randomBytes(50_000));
    const sql = storeOf(db).db;
    const { id } = sql.prepare('SELECT id FROM docstore_attachments').get() as { id: number };
    sql.prepare('DELETE FROM docstore_attachment_chunks WHERE id = ?').run(chunkRange(id)[0]);
    await expect(db.getAttachment('p', 'a.bin')).rejects.toMatchObject({ code: 'DOCSTORE_ATTACHMENT_CORRUPT' });
    await db.close();
  });
});

test('migration 0002 moves one-BLOB attachments into chunks and the store keeps working', async () => {
  const file = path.join(dir, 'old.sqlite');
  const key = 'migration passphrase';
  // A store as version 1 wrote it: two documents sharing one body, one with its own, one empty body.
  const shared = randomBytes(70_000);
  const own = randomBytes(12_345);
  const empty = Buffer.alloc(0);
  const sql = openDatabase(file, { key });
  sql.pragma('auto_vacuum = INCREMENTAL');
  sql.exec('VACUUM');
  migrate(sql, DOCSTORE_COMPONENT, docstoreMigrations.slice(0, 1));
  const att = (name: string, body: Buffer) => ({ [name]: { content_type: 'application/octet-stream', digest: attachmentDigest(body), length: body.length, revpos: 1, stub: true } });
  const docs = [
    { id: 'a', atts: att('a.bin', shared) },
    { id: 'b', atts: { ...att('a.bin', shared), ...att('b.bin', own) } },
    { id: 'c', atts: att('a.bin', empty) },
  ];
  sql.transaction(() => {
    for (const body of [shared, own, empty]) sql.prepare('INSERT INTO docstore_attachments (digest, length, body) VALUES (?, ?, ?)').run(attachmentDigest(body), body.length, body);
    docs.forEach(({ id, atts }, i) => {
      const seq = i + 1;
      const rev = `1-${'0'.repeat(31)}${i}`;
      const tree = [{ pos: 1, ids: [rev.slice(2), { status: 'available' }, []] }];
      sql.prepare('INSERT INTO docstore_docs (id, rev_tree, winning_rev, deleted, winning_seq, seq) VALUES (?, ?, ?, 0, ?, ?)').run(id, JSON.stringify(tree), rev, seq, seq);
      sql.prepare('INSERT INTO docstore_revs (seq, doc_id, rev, deleted, json) VALUES (?, ?, ?, 0, ?)').run(seq, id, rev, JSON.stringify({ _attachments: atts }));
      for (const value of Object.values(atts)) sql.prepare('INSERT INTO docstore_attachment_refs (seq, digest) VALUES (?, ?)').run(seq, value.digest);
    });
    sql.prepare("INSERT INTO docstore_meta (key, value) VALUES ('update_seq', '3'), ('doc_count', '3'), ('uuid', 'old-store')").run();
  })();
  sql.close();

  const db = openSqlite(file, { key });
  const store = storeOf(db).db;
  expect(store.prepare("SELECT max(version) AS v FROM schema_migrations WHERE component = 'docstore'").get()).toEqual({ v: 2 });
  expect(count(db, 'docstore_attachments')).toBe(3);
  expect((store.prepare("SELECT count(*) AS n FROM pragma_table_info('docstore_attachments') WHERE name = 'body'").get() as { n: number }).n).toBe(0);
  expect((await read(db, 'a')).equals(shared)).toBe(true);
  const b: any = await db.get('b', { attachments: true, binary: true });
  expect(b._attachments['a.bin'].data.equals(shared)).toBe(true);
  expect(b._attachments['b.bin'].data.equals(own)).toBe(true);
  expect((await read(db, 'c')).length).toBe(0);
  // Still writable, deduplicated against migrated bodies, and deletion frees migrated chunks.
  await put(db, 'd', shared);
  expect(count(db, 'docstore_attachments')).toBe(3);
  for (const id of ['a', 'b', 'd']) await db.remove(id, (await db.get(id))._rev);
  await db.compact();
  expect(count(db, 'docstore_attachments')).toBe(1);
  expect(count(db, 'docstore_attachment_chunks')).toBe(0);
  expect(String(store.pragma('integrity_check', { simple: true }))).toBe('ok');
  await db.close();
});
