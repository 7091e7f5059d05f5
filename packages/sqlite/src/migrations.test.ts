import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, readMigrationsDir, schemaVersion, type Migration } from './migrations';
import { openDatabase } from './open';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-migr-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const v1: Migration = { version: 1, name: '0001-create-notes', up: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)' };
const v2: Migration = {
  version: 2,
  name: '0002-add-upper',
  up: (db) => {
    db.exec('ALTER TABLE notes ADD COLUMN upper TEXT');
    db.prepare('UPDATE notes SET upper = upper(text)').run();
  },
};

describe('migrate', () => {
  it('applies pending steps once and tracks the version per component', () => {
    const db = openDatabase(path.join(dir, 'm.db'));
    expect(migrate(db, 'notes', [v1])).toBe(1);
    db.prepare('INSERT INTO notes (text) VALUES (?)').run('hello');
    expect(migrate(db, 'notes', [v1, v2])).toBe(2);
    expect(db.prepare('SELECT upper FROM notes').pluck().get()).toBe('HELLO');
    expect(migrate(db, 'notes', [v1, v2])).toBe(2);
    expect(schemaVersion(db, 'notes')).toBe(2);
    expect(schemaVersion(db, 'other')).toBe(0);
    db.close();
  });

  it('rolls back every step of a failed run', () => {
    const db = openDatabase(path.join(dir, 'm.db'));
    const broken: Migration = { version: 2, name: '0002-broken', up: 'CREATE TABLE ok_table (x); SELECT * FROM missing_table' };
    expect(() => migrate(db, 'notes', [v1, broken])).toThrow();
    expect(schemaVersion(db, 'notes')).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('notes', 'ok_table')").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database from a newer program', () => {
    const db = openDatabase(path.join(dir, 'm.db'));
    migrate(db, 'notes', [v1, v2]);
    expect(() => migrate(db, 'notes', [v1])).toThrow(expect.objectContaining({ code: 'SQLITE_SCHEMA_TOO_NEW' }));
    db.close();
  });

  it('refuses gaps in the numbering', () => {
    const db = openDatabase(path.join(dir, 'm.db'));
    expect(() => migrate(db, 'notes', [v2])).toThrow(expect.objectContaining({ code: 'SQLITE_MIGRATION_ORDER' }));
    db.close();
  });

  it('reads numbered .sql files in order', () => {
    const sqlDir = path.join(dir, 'migrations');
    fs.mkdirSync(sqlDir);
    fs.writeFileSync(path.join(sqlDir, '0002-b.sql'), 'CREATE TABLE b (x);');
    fs.writeFileSync(path.join(sqlDir, '0001-a.sql'), 'CREATE TABLE a (x);');
    fs.writeFileSync(path.join(sqlDir, 'notes.txt'), 'ignored');
    expect(readMigrationsDir(sqlDir).map((m) => [m.version, m.name])).toEqual([
      [1, '0001-a'],
      [2, '0002-b'],
    ]);
  });
});
