import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AlertIndex, KEY_ALGORITHM } from '@borderpost/alert-index';
import { openDatabase } from '@borderpost/sqlite';
import { runCli } from '../testing';

const fixtures = path.join(__dirname, '..', '..', '..', 'matching', 'fixtures');
const listed = { surname: 'JALLOW', givenNames: 'MAMADU ALFA', birthDate: '1980-03-12', sex: 'M', nationality: 'GIN' };
let dir: string;
let index: string;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-cli-match-rekey-'));
  index = path.join(dir, 'alerts.db');
  expect((await runCli(['match', 'build', '--list', path.join(fixtures, 'list.csv'), '--format', 'csv', '--out', index])).code).toBe(0);
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Makes the index look like one written by an earlier release: its state names an older key
 * algorithm, and its name keys are gone (standing for keys the current algorithm would not find).
 */
function ageIndex(file: string): void {
  const db = openDatabase(file);
  try {
    db.prepare("UPDATE alert_index_state SET value = 'name-keys-5' WHERE name = 'key_algorithm'").run();
    db.exec('DELETE FROM alert_name_keys');
  } finally {
    db.close();
  }
}

describe('borderpost match rekey', () => {
  it('leaves an index with current keys as it is', async () => {
    const out = await runCli(['match', 'rekey', '--index', index]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.lines).toEqual([{ keyAlgorithm: KEY_ALGORITHM, previousKeyAlgorithm: KEY_ALGORITHM, rederived: false, persons: 3, ms: expect.any(Number) }]);
  });

  it('derives the keys of an index from an older release again; `match query` refuses it before, pointing at rekey, and finds the entries after', async () => {
    ageIndex(index);
    const before = await runCli(['match', 'query', '--index', index], `${JSON.stringify(listed)}\n`);
    expect(before.code).toBe(1);
    const { error } = JSON.parse(before.stderr) as { error: { code: string; message: string; details: unknown } };
    expect(error.code).toBe('MATCH_INDEX_STALE');
    expect(error.message).toContain(`borderpost match rekey --index ${index}`);
    expect(error.message).toContain('name-keys-5');
    expect(error.details).toEqual({ rekey: `borderpost match rekey --index ${index}` });

    const rekeyed = await runCli(['match', 'rekey', '--index', index]);
    expect(rekeyed.code).toBe(0);
    expect(rekeyed.lines).toEqual([{ keyAlgorithm: KEY_ALGORITHM, previousKeyAlgorithm: 'name-keys-5', rederived: true, persons: 3, ms: expect.any(Number) }]);

    const after = await runCli(['match', 'query', '--index', index], `${JSON.stringify(listed)}\n`);
    expect(after.code).toBe(0);
    expect((after.lines[0] as { hits: { id: string }[] }).hits[0]).toMatchObject({ id: 'alert-person:list:P-001' });
    // once is enough
    expect((await runCli(['match', 'rekey', '--index', index])).lines[0]).toMatchObject({ rederived: false });
  });

  it('re-keys an index that predates the key-algorithm record', async () => {
    const db = openDatabase(index);
    db.prepare("DELETE FROM alert_index_state WHERE name = 'key_algorithm'").run();
    db.close();
    const out = await runCli(['match', 'rekey', '--index', index]);
    expect(out.lines).toEqual([{ keyAlgorithm: KEY_ALGORITHM, previousKeyAlgorithm: null, rederived: true, persons: 3, ms: expect.any(Number) }]);
  });

  it('refuses a missing file, a file that is no index and an encrypted one, changing none of them', async () => {
    const none = path.join(dir, 'none.db');
    const missing = await runCli(['match', 'rekey', '--index', none]);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr)).toMatchObject({ error: { code: 'MATCH_INDEX_NOT_FOUND' } });
    expect(fs.existsSync(none)).toBe(false);

    const other = path.join(dir, 'other.db');
    let db = openDatabase(other);
    db.exec('CREATE TABLE notes (text TEXT)');
    db.close();
    const notIndex = await runCli(['match', 'rekey', '--index', other]);
    expect(notIndex.code).toBe(1);
    expect(JSON.parse(notIndex.stderr)).toMatchObject({ error: { code: 'MATCH_INDEX_BAD' } });
    db = openDatabase(other, { readonly: true });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['notes']);
    db.close();

    // a station's own index is encrypted with its key: `post provision-alerts` and the runtime handle it
    const sealed = path.join(dir, 'sealed.db');
    db = openDatabase(sealed, { key: 'station passphrase' });
    AlertIndex.open(db);
    db.close();
    const locked = await runCli(['match', 'rekey', '--index', sealed]);
    expect(locked.code).toBe(1);
    expect(JSON.parse(locked.stderr)).toMatchObject({ error: { code: 'SQLITE_WRONG_KEY' } });

    const usage = await runCli(['match', 'rekey']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stderr)).toMatchObject({ error: { code: 'CLI_USAGE' } });
  });
});
