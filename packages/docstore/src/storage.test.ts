/* eslint-disable @typescript-eslint/no-explicit-any -- PouchDB documents in tests are free-form */
/**
 * What the sqlite adapter promises beyond PouchDB semantics: attachments stored once as BLOBs and
 * deleted with their last revision, close() that releases the file, destroy() that removes it,
 * persistence across reopen, one writer per file, encryption at rest.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { TestPouch } from './testing/pouch';
import { runChild } from './testing/child';
import { changeEncryptionKey, storeOf } from './store-access';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docstore-storage-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const openSqlite = (file: string, options: object = {}) => new TestPouch<any>(file, { adapter: 'sqlite', ...options } as any);
const countAttachments = (db: object) => (storeOf(db).db.prepare('SELECT count(*) AS n FROM docstore_attachments').get() as { n: number }).n;

/** Descriptors of this process that point at `file` or its -wal/-shm companions (Linux /proc). */
function openDescriptors(file: string): string[] {
  const fdDir = '/proc/self/fd';
  if (!fs.existsSync(fdDir)) return [];
  return fs.readdirSync(fdDir).flatMap((fd) => {
    try {
      const target = fs.readlinkSync(path.join(fdDir, fd));
      return target.startsWith(file) ? [target] : [];
    } catch {
      return [];
    }
  });
}

test('an attachment used by several documents is stored once and deleted with its last revision', async () => {
  const db = openSqlite(path.join(dir, 'atts.sqlite'));
  const photo = randomBytes(50_000);
  const one = await db.put({ _id: 'one', _attachments: { 'face.jpg': { content_type: 'image/jpeg', data: photo } } });
  const two = await db.put({ _id: 'two', _attachments: { 'face.jpg': { content_type: 'image/jpeg', data: photo } } });
  expect(countAttachments(db)).toBe(1);

  // Replacing the photo of `one` keeps the old body while the old revision exists; compaction frees it
  // only when no revision at all uses it.
  const replaced = await db.put({ _id: 'one', _rev: one.rev, _attachments: { 'face.jpg': { content_type: 'image/jpeg', data: randomBytes(50_000) } } });
  expect(countAttachments(db)).toBe(2);
  await db.compact();
  expect(countAttachments(db)).toBe(2); // `two` still uses the first photo
  await db.remove('two', two.rev);
  await db.compact();
  expect(countAttachments(db)).toBe(1);
  await db.remove('one', replaced.rev);
  await db.compact();
  expect(countAttachments(db)).toBe(0);
  await db.close();
});

test('with auto_compaction a replaced photo is deleted as soon as the new revision is written', async () => {
  const db = openSqlite(path.join(dir, 'auto.sqlite'), { auto_compaction: true });
  let rev = (await db.put({ _id: 'p', _attachments: { 'face.jpg': { content_type: 'image/jpeg', data: randomBytes(30_000) } } })).rev;
  for (let i = 0; i < 3; i += 1) {
    rev = (await db.put({ _id: 'p', _rev: rev, _attachments: { 'face.jpg': { content_type: 'image/jpeg', data: randomBytes(30_000) } } })).rev;
    expect(countAttachments(db)).toBe(1);
  }
  // A metadata-only edit keeps the photo (the new revision references it through its stub).
  const current = await db.get('p');
  await db.put({ ...current, note: 'edited' });
  expect(countAttachments(db)).toBe(1);
  expect((await db.get('p', { attachments: true, binary: true }))._attachments['face.jpg'].data.length).toBe(30_000);
  await db.close();
});

test('revision ids are deterministic: same content and images give the same id, other image bytes another', async () => {
  const photo = randomBytes(20_000);
  const doc = (bytes: Buffer | string) => ({ _id: 'same', v: 1, _attachments: { 'face.jpg': { content_type: 'image/jpeg', data: bytes } } });
  const a = openSqlite(path.join(dir, 'a.sqlite'));
  const b = openSqlite(path.join(dir, 'b.sqlite'));
  const c = openSqlite(path.join(dir, 'c.sqlite'));
  const [ra, rb, rc] = await Promise.all([a.put(doc(photo)), b.put(doc(photo.toString('base64'))), c.put(doc(randomBytes(20_000)))]);
  expect(ra.rev).toBe(rb.rev);
  expect(rc.rev).not.toBe(ra.rev);
  await Promise.all([a.close(), b.close(), c.close()]);
});

test('attachment bodies are BLOB chunks: the file holds about their size (≤ 1.05×)', async () => {
  const file = path.join(dir, 'size.sqlite');
  const db = openSqlite(file);
  let total = 0;
  for (let i = 0; i < 20; i += 1) {
    const body = randomBytes(200_000);
    total += body.length;
    await db.put({ _id: `doc-${i}`, _attachments: { 'image.bin': { content_type: 'application/octet-stream', data: body } } });
  }
  expect((storeOf(db).db.prepare('SELECT DISTINCT typeof(body) AS t FROM docstore_attachment_chunks').all() as { t: string }[]).map((r) => r.t)).toEqual(['blob']);
  await db.close();
  const onDisk = fs.statSync(file).size + (fs.existsSync(file + '-wal') ? fs.statSync(file + '-wal').size : 0);
  expect(onDisk / total).toBeLessThanOrEqual(1.05);
});

test('compaction gives the pages of deleted attachments back to the file system', async () => {
  const file = path.join(dir, 'shrink.sqlite');
  const db = openSqlite(file);
  let rev = (await db.put({ _id: 'p', _attachments: { 'a.bin': { content_type: 'application/octet-stream', data: randomBytes(100_000) } } })).rev;
  for (let i = 0; i < 10; i += 1) {
    rev = (await db.put({ _id: 'p', _rev: rev, _attachments: { 'a.bin': { content_type: 'application/octet-stream', data: randomBytes(100_000) } } })).rev;
  }
  storeOf(db).db.pragma('wal_checkpoint(TRUNCATE)');
  const before = fs.statSync(file).size;
  await db.compact();
  storeOf(db).db.pragma('wal_checkpoint(TRUNCATE)');
  const after = fs.statSync(file).size;
  expect(countAttachments(db)).toBe(1);
  expect(after).toBeLessThan(before / 3);
  await db.close();
});

test('documents, attachments, local documents and conflicts survive close and reopen', async () => {
  const file = path.join(dir, 'persist.sqlite');
  const photo = randomBytes(10_000);
  let db = openSqlite(file);
  await db.put({ _id: 'a', v: 1, _attachments: { 'p.bin': { content_type: 'application/octet-stream', data: photo } } });
  await db.bulkDocs([{ _id: 'c', _rev: '1-x', _revisions: { start: 1, ids: ['x'] } }, { _id: 'c', _rev: '1-y', _revisions: { start: 1, ids: ['y'] } }], { new_edits: false });
  await db.put({ _id: '_local/checkpoint', seq: 42 });
  const infoBefore = await db.info();
  const idBefore = await (db as any).id();
  await db.close();
  expect(openDescriptors(file)).toEqual([]);

  db = openSqlite(file);
  const a: any = await db.get('a', { attachments: true, binary: true });
  expect(a._attachments['p.bin'].data.toString('base64')).toBe(photo.toString('base64'));
  expect((await db.get('c', { conflicts: true }))._conflicts).toEqual(['1-x']);
  expect((await db.get('_local/checkpoint')).seq).toBe(42);
  const infoAfter = await db.info();
  expect(infoAfter.update_seq).toBe(infoBefore.update_seq);
  expect(infoAfter.doc_count).toBe(2);
  expect(await (db as any).id()).toBe(idBefore); // replication ids depend on it
  await db.close();
});

test('close() releases the file; destroy() removes it with its -wal and -shm', async () => {
  const file = path.join(dir, 'lifecycle.sqlite');
  const db = openSqlite(file);
  const twin = openSqlite(file); // same file twice in one process: one shared connection
  await db.put({ _id: 'x' });
  expect((await twin.get('x'))._id).toBe('x');
  expect(openDescriptors(file).length).toBeGreaterThan(0);
  await twin.close();
  expect(openDescriptors(file).length).toBeGreaterThan(0); // db still uses it
  await db.close();
  expect(openDescriptors(file)).toEqual([]);
  await expect(db.get('x')).rejects.toThrow(/closed/);

  const doomed = openSqlite(file);
  await doomed.put({ _id: 'y' });
  expect(fs.existsSync(file + '-wal')).toBe(true);
  await doomed.destroy();
  expect(openDescriptors(file)).toEqual([]);
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('one writer per file: another process cannot open a file this process has open', async () => {
  const file = path.join(dir, 'locked.sqlite');
  const db = openSqlite(file);
  await db.put({ _id: 'mine' });
  const blocked = await runChild('testing/open-in-child.ts', [file]);
  expect(blocked.stderr).toBe('');
  expect(JSON.parse(blocked.stdout.trim())).toMatchObject({ ok: false, code: 'DOCSTORE_LOCKED' });
  await db.close();
  const allowed = await runChild('testing/open-in-child.ts', [file]);
  expect(JSON.parse(allowed.stdout.trim())).toMatchObject({ ok: true });
}, 60_000);

test('a database that cannot be opened reports a clear error and stores nothing', async () => {
  const db = openSqlite(path.join(dir, 'no-such-dir', 'x.sqlite'));
  await expect(db.info()).rejects.toMatchObject({ code: 'SQLITE_OPEN_FAILED' });
  await expect(openSqlite(path.join(dir, 'k.sqlite'), { key: 12345 }).info()).rejects.toMatchObject({ code: 'DOCSTORE_BAD_KEY' });
  await expect(openSqlite(path.join(dir, 'k.sqlite'), { key: Buffer.alloc(5) }).info()).rejects.toMatchObject({ code: 'SQLITE_BAD_KEY' });
  const notSqlite = path.join(dir, 'text.sqlite');
  fs.writeFileSync(notSqlite, 'this is not a database '.repeat(100));
  const bad = openSqlite(notSqlite);
  await expect(bad.info()).rejects.toMatchObject({ code: 'SQLITE_WRONG_KEY' });
  expect(fs.readFileSync(notSqlite, 'utf8')).toBe('this is not a database '.repeat(100));
});

describe('encryption at rest', () => {
  const secret = 'TRAVELLER-SURNAME-OKONKWO';

  test('the file is unreadable without the key and readable with it; the key can be changed', async () => {
    const file = path.join(dir, 'secret.sqlite');
    const photo = Buffer.from('FACE-IMAGE-BYTES-'.repeat(500));
    let db = openSqlite(file, { key: 'correct horse battery staple' });
    await db.put({ _id: 'crossing:1', surname: secret, _attachments: { 'face.jpg': { content_type: 'image/jpeg', data: photo } } });
    expect(((await db.info()) as any).encrypted).toBe(true);
    await db.close();

    const raw = fs.readFileSync(file);
    expect(raw.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(raw.includes(secret)).toBe(false);
    expect(raw.includes('FACE-IMAGE-BYTES')).toBe(false);

    await expect(openSqlite(file).info()).rejects.toMatchObject({ code: 'SQLITE_WRONG_KEY' });
    await expect(openSqlite(file, { key: 'wrong' }).info()).rejects.toMatchObject({ code: 'SQLITE_WRONG_KEY' });

    db = openSqlite(file, { key: 'correct horse battery staple' });
    expect((await db.get('crossing:1')).surname).toBe(secret);
    // While it is open, a second open in this process shares the connection, but only with the key.
    await expect(openSqlite(file).info()).rejects.toMatchObject({ code: 'SQLITE_WRONG_KEY' });
    await expect(openSqlite(file, { key: 'guess' }).info()).rejects.toMatchObject({ code: 'SQLITE_WRONG_KEY' });
    const twin = openSqlite(file, { key: 'correct horse battery staple' });
    expect((await twin.get('crossing:1')).surname).toBe(secret);
    await twin.close();
    changeEncryptionKey(db, randomBytes(32).fill(7));
    await db.put({ _id: 'after-rekey' });
    await db.close();

    await expect(openSqlite(file, { key: 'correct horse battery staple' }).info()).rejects.toMatchObject({ code: 'SQLITE_WRONG_KEY' });
    db = openSqlite(file, { key: randomBytes(32).fill(7) });
    const back: any = await db.get('crossing:1', { attachments: true, binary: true });
    expect(back.surname).toBe(secret);
    expect(back._attachments['face.jpg'].data.toString('base64')).toBe(photo.toString('base64'));
    expect((await db.get('after-rekey'))._id).toBe('after-rekey');
    await db.close();
  });

  test('a plain store can be encrypted in place', async () => {
    const file = path.join(dir, 'plain.sqlite');
    let db = openSqlite(file);
    await db.put({ _id: 'p', surname: secret });
    changeEncryptionKey(db, 'new passphrase');
    await db.close();
    expect(fs.readFileSync(file).includes(secret)).toBe(false);
    db = openSqlite(file, { key: 'new passphrase' });
    expect((await db.get('p')).surname).toBe(secret);
    await db.close();
  });
});
