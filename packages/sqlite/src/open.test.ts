import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { changeKey, openDatabase } from './open';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-sqlite-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeSecret(file: string, key?: string | Buffer): void {
  const db = openDatabase(file, key === undefined ? {} : { key });
  db.exec('CREATE TABLE t (v TEXT)');
  db.prepare('INSERT INTO t VALUES (?)').run('TRAVELLER-SECRET-ERIKSSON');
  db.close();
}

function allFileBytes(file: string): Buffer {
  return Buffer.concat(
    [file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)),
  );
}

describe('openDatabase', () => {
  it('opens with WAL, synchronous=FULL and foreign keys', () => {
    const db = openDatabase(path.join(dir, 'a.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('encrypts: the bytes on disk reveal nothing, the wrong key and no key are refused', () => {
    const file = path.join(dir, 'enc.db');
    writeSecret(file, 'correct horse battery staple');
    const bytes = allFileBytes(file);
    expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false);
    expect(bytes.includes(Buffer.from('TRAVELLER-SECRET'))).toBe(false);

    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: 'SQLITE_WRONG_KEY' }));
    expect(() => openDatabase(file, { key: 'wrong' })).toThrow(expect.objectContaining({ code: 'SQLITE_WRONG_KEY' }));

    const db = openDatabase(file, { key: 'correct horse battery staple' });
    expect(db.prepare('SELECT v FROM t').pluck().get()).toBe('TRAVELLER-SECRET-ERIKSSON');
    db.close();
  });

  it('a plain file shows its contents (the control for the test above)', () => {
    const file = path.join(dir, 'plain.db');
    writeSecret(file);
    expect(allFileBytes(file).includes(Buffer.from('TRAVELLER-SECRET'))).toBe(true);
  });

  it('accepts a raw 32-byte key and rejects a key of another size', () => {
    const file = path.join(dir, 'raw.db');
    const key = Buffer.alloc(32, 7);
    writeSecret(file, key);
    const db = openDatabase(file, { key });
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1);
    db.close();
    expect(() => openDatabase(file, { key: Buffer.alloc(16) })).toThrow(expect.objectContaining({ code: 'SQLITE_BAD_KEY' }));
  });

  it('changes the key: the old key stops working, the new one works', () => {
    const file = path.join(dir, 'rekey.db');
    writeSecret(file, 'old-key');
    const db = openDatabase(file, { key: 'old-key' });
    changeKey(db, 'new-key', true);
    db.close();
    expect(() => openDatabase(file, { key: 'old-key' })).toThrow(expect.objectContaining({ code: 'SQLITE_WRONG_KEY' }));
    const reopened = openDatabase(file, { key: 'new-key' });
    expect(reopened.prepare('SELECT v FROM t').pluck().get()).toBe('TRAVELLER-SECRET-ERIKSSON');
    reopened.close();
  });

  it('encrypts a plain database when a key is set for the first time', () => {
    const file = path.join(dir, 'later.db');
    writeSecret(file);
    const db = openDatabase(file);
    changeKey(db, 'first-key', false);
    db.close();
    expect(allFileBytes(file).includes(Buffer.from('TRAVELLER-SECRET'))).toBe(false);
    const reopened = openDatabase(file, { key: 'first-key' });
    expect(reopened.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1);
    reopened.close();
  });

  it('reports a file that is not a database with a stable code', () => {
    const file = path.join(dir, 'junk.db');
    fs.writeFileSync(file, Buffer.alloc(4096, 0x41));
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: 'SQLITE_WRONG_KEY' }));
  });
});
