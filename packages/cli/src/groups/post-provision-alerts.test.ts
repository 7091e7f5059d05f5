import { AlertIndex, importListFile } from '@borderpost/alert-index';
import { startPostRuntime } from '@borderpost/runtime';
import { openDatabase } from '@borderpost/sqlite';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, writeEnrolledStation } from '../testing';

jest.setTimeout(60_000);

const fixtures = path.join(__dirname, '..', '..', '..', 'matching', 'fixtures');
const jsonLines = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join('\n') + '\n';
const past = [
  { surname: 'TRAORE', givenNames: 'AWA', nationality: 'MLI' },
  { surname: 'KEITA', givenNames: 'SEKOU', birthDate: '1970-01-01', sex: 'M', nationality: 'MLI' },
];
// Listed as P-001 (alias JALLOW Mamadu Alfa) and D-001 in fixtures/list.csv.
const listedTraveller = { surname: 'JALLOW', givenNames: 'MAMADU ALFA', birthDate: '1980-03-12', sex: 'M' as const, nationality: 'GIN' };
const stolenDocument = { surname: 'CAMARA', givenNames: 'SIDIKI', birthDate: '1985-06-01', documentNumber: 'R0739216', issuingState: 'GIN' };

/**
 * `borderpost post provision-alerts --data DIR --snapshot FILE`: a new station gets its alert lists
 * from a snapshot file (`match build` output) copied into its encrypted alert index in one go.
 */
describe('borderpost post provision-alerts', () => {
  let dir: string;
  let data: string;
  let key: Buffer;
  let snapshot: string;
  const withStationIndex = <T>(use: (index: AlertIndex) => T): T => {
    const db = openDatabase(path.join(data, 'alert-index.sqlite'), { key });
    try {
      return use(AlertIndex.open(db));
    } finally {
      db.close();
    }
  };
  const hitIds = (index: AlertIndex, traveller: object) => index.query(traveller as Parameters<AlertIndex['query']>[0]).map((h) => h.id);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-cli-provision-alerts-'));
    data = path.join(dir, 'post');
    key = crypto.randomBytes(32);
    // An enrolled station (central unreachable, as at a new remote post).
    await writeEnrolledStation(data, key);
    snapshot = path.join(dir, 'snapshot.db');
    const built = await runCli(['match', 'build', '--list', path.join(fixtures, 'list.csv'), '--format', 'csv', '--out', snapshot, '--list-id', 'watch', '--list-version', '4']);
    expect(built.code).toBe(0);
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('provisions the station\'s encrypted index from a built snapshot, keeps its traveller history, and its index then finds the entries', async () => {
    expect((await runCli(['post', 'seed-history', '--data', data], jsonLines(past))).lines).toEqual([{ recorded: 2, travellers: 2 }]);
    withStationIndex((index) => expect(hitIds(index, listedTraveller)).toEqual([]));

    const provisioned = await runCli(['post', 'provision-alerts', '--data', data, '--snapshot', snapshot]);
    expect(provisioned.stderr).toBe('');
    expect(provisioned.code).toBe(0);
    expect(provisioned.lines).toEqual([
      {
        lists: [{ listId: 'watch', name: expect.any(String), version: 4, threshold: 0.8, persons: 3, documents: 2 }],
        persons: 3,
        documents: 2,
        checkpoint: null,
        travellers: 2,
        ms: expect.any(Number),
      },
    ]);
    withStationIndex((index) => {
      expect(hitIds(index, listedTraveller)[0]).toBe('alert-person:watch:P-001');
      expect(hitIds(index, stolenDocument)).toContain('alert-document:watch:D-001');
      expect(hitIds(index, past[0]!)).toEqual([]);
      expect(index.travellerHistory()).toBe(2);
    });
    // still encrypted with the station's key
    expect(() => openDatabase(path.join(data, 'alert-index.sqlite'))).toThrow(expect.objectContaining({ code: 'SQLITE_WRONG_KEY' }));

    // refused while the station runs (its runtime holds its own handle on the index)
    const station = await startPostRuntime({ dataDir: data, mode: 'browser', sync: { intervalMs: 3_600_000 } });
    try {
      station.setOnline(false);
      const refused = await runCli(['post', 'provision-alerts', '--data', data, '--snapshot', snapshot]);
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stderr)).toMatchObject({ error: { code: 'RUNTIME_STATION_RUNNING' } });
    } finally {
      await station.stop();
    }
  });

  it('reads an encrypted snapshot with --snapshot-key, and a wrong key changes nothing', async () => {
    const sealed = path.join(dir, 'sealed.db');
    const imported = importListFile(path.join(fixtures, 'list.csv'), 'csv', { listId: 'sealed-list', version: 2 });
    const db = openDatabase(sealed, { key: 'snapshot passphrase' });
    AlertIndex.open(db).replaceList(imported.list, imported.entries);
    db.close();

    expect((await runCli(['post', 'provision-alerts', '--data', data, '--snapshot', snapshot])).code).toBe(0);
    const wrong = await runCli(['post', 'provision-alerts', '--data', data, '--snapshot', sealed, '--snapshot-key', 'not it']);
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stderr)).toMatchObject({ error: { code: 'MATCH_SNAPSHOT_BAD' } });
    withStationIndex((index) => expect(index.stats().lists.map((l) => l.listId)).toEqual(['watch']));

    const right = await runCli(['post', 'provision-alerts', '--data', data, '--snapshot', sealed, '--snapshot-key', 'snapshot passphrase']);
    expect(right.code).toBe(0);
    expect(right.lines[0]).toMatchObject({ lists: [{ listId: 'sealed-list', version: 2, persons: 3, documents: 2 }] });
    withStationIndex((index) => expect(hitIds(index, listedTraveller)[0]).toBe('alert-person:sealed-list:P-001'));
  });

  it('refuses a bad or missing snapshot with the snapshot codes, keeping the lists the station had', async () => {
    expect((await runCli(['post', 'provision-alerts', '--data', data, '--snapshot', snapshot])).code).toBe(0);
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'not a database, only some bytes '.repeat(200));
    const bad = await runCli(['post', 'provision-alerts', '--data', data, '--snapshot', junk]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { code: 'MATCH_SNAPSHOT_BAD' } });

    // a SQLite file that is no alert index
    const other = path.join(dir, 'other.db');
    const db = openDatabase(other);
    db.exec('CREATE TABLE notes (text TEXT)');
    db.close();
    const notIndex = await runCli(['post', 'provision-alerts', '--data', data, '--snapshot', other]);
    expect(notIndex.code).toBe(1);
    expect(JSON.parse(notIndex.stderr)).toMatchObject({ error: { code: 'MATCH_SNAPSHOT_BAD' } });

    const missing = await runCli(['post', 'provision-alerts', '--data', data, '--snapshot', path.join(dir, 'none.db')]);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr)).toMatchObject({ error: { code: 'MATCH_SNAPSHOT_NOT_FOUND' } });

    withStationIndex((index) => {
      expect(index.stats()).toMatchObject({ lists: [{ listId: 'watch', version: 4 }], persons: 3, documents: 2 });
      expect(hitIds(index, listedTraveller)[0]).toBe('alert-person:watch:P-001');
    });
  });

  it('answers a missing directory, one that is not a station\'s, and missing options with clear errors, creating nothing', async () => {
    const none = path.join(dir, 'none');
    const missing = await runCli(['post', 'provision-alerts', '--data', none, '--snapshot', snapshot]);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr)).toMatchObject({ error: { code: 'RUNTIME_DATA_DIR_NOT_FOUND' } });
    expect(fs.existsSync(none)).toBe(false);

    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    const notEnrolled = await runCli(['post', 'provision-alerts', '--data', empty, '--snapshot', snapshot]);
    expect(notEnrolled.code).toBe(1);
    expect(JSON.parse(notEnrolled.stderr)).toMatchObject({ error: { code: 'RUNTIME_NOT_ENROLLED' } });
    expect(fs.readdirSync(empty)).toEqual([]);

    for (const argv of [['post', 'provision-alerts', '--data', data], ['post', 'provision-alerts', '--snapshot', snapshot], ['post', 'provision-alerts', '--data', data, '--snapshot', snapshot, '--snapshot-key', '']]) {
      const usage = await runCli(argv);
      expect(usage.code).toBe(2);
      expect(JSON.parse(usage.stderr)).toMatchObject({ error: { code: 'CLI_USAGE' } });
    }
  });
});
