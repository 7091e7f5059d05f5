import { AlertIndex } from '@borderpost/alert-index';
import { openDocstore } from '@borderpost/docstore';
import { startPostRuntime } from '@borderpost/runtime';
import { newPostDocId } from '@borderpost/schemas';
import { openDatabase } from '@borderpost/sqlite';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, writeEnrolledStation } from '../testing';

jest.setTimeout(60_000);

const jsonLines = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join('\n') + '\n';
const past = [
  { surname: 'DIALLO', givenNames: 'MAMADOU ALPHA', birthDate: '1980-03-12', sex: 'M', nationality: 'GIN' },
  { surname: 'TRAORE', givenNames: 'AWA', nationality: 'MLI' },
];

/**
 * `borderpost post seed-history --data DIR`: the station's own alert index is encrypted with its key;
 * the command opens it with the key from the station's secrets, only while the station is stopped.
 */
describe('borderpost post seed-history', () => {
  let dir: string;
  let data: string;
  let key: Buffer;
  const travellersIn = (): number => {
    const db = openDatabase(path.join(data, 'alert-index.sqlite'), { key });
    try {
      return AlertIndex.open(db).travellerHistory();
    } finally {
      db.close();
    }
  };
  const startStation = () => startPostRuntime({ dataDir: data, mode: 'browser', sync: { intervalMs: 3_600_000 } });

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-cli-seed-history-'));
    data = path.join(dir, 'post');
    key = crypto.randomBytes(32);
    // An enrolled station (central unreachable, as at a remote post) with two crossings saved before the traveller history existed.
    await writeEnrolledStation(data, key);
    const post = openDocstore(path.join(data, 'post-north-gate.sqlite'), { key });
    await post.bulkDocs(past.map((t, i) => ({ _id: newPostDocId('crossing', 'north-gate'), type: 'crossing', postId: 'north-gate', document: { issuingState: 'GIN', documentNumber: `G${i}` }, traveller: { ...t, birthDate: t.birthDate ?? '', sex: t.sex ?? 'F' } })));
    await post.close();
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('counts travellers in the station\'s encrypted index, refuses while it runs, and --clear lets the next start count its crossings again', async () => {
    const seeded = await runCli(['post', 'seed-history', '--data', data], jsonLines([...past, { surname: 'KEITA', givenNames: 'SEKOU' }, { surname: '', givenNames: '', documentNumber: 'X1' }]));
    expect(seeded).toMatchObject({ code: 0, stderr: '', lines: [{ recorded: 3, travellers: 3 }] });
    expect(travellersIn()).toBe(3);
    // encrypted: not readable without the station's key
    expect(() => openDatabase(path.join(data, 'alert-index.sqlite'))).toThrow(expect.objectContaining({ code: 'SQLITE_WRONG_KEY' }));

    // the station starts: its backfill adds its two saved crossings; while it runs the seed is refused
    let station = await startStation();
    station.setOnline(false);
    await expect(station.travellerBackfill()).resolves.toMatchObject({ finished: true, crossings: 2 });
    const refused = await runCli(['post', 'seed-history', '--data', data], jsonLines(past));
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr)).toMatchObject({ error: { code: 'RUNTIME_STATION_RUNNING' } });
    await station.stop();
    expect(travellersIn()).toBe(5);

    // a bad line counts nobody (as `match history`), not even the --clear
    const bad = await runCli(['post', 'seed-history', '--data', data, '--clear'], `${JSON.stringify(past[0])}\nnot json\n`);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { code: 'MATCH_BAD_TRAVELLERS', details: { badLines: 1, lines: [{ line: 2 }] } } });
    expect(travellersIn()).toBe(5);

    const cleared = await runCli(['post', 'seed-history', '--data', data, '--clear'], jsonLines(past.slice(0, 1)));
    expect(cleared).toMatchObject({ code: 0, lines: [{ recorded: 1, travellers: 1 }] });
    station = await startStation();
    station.setOnline(false);
    await expect(station.travellerBackfill()).resolves.toMatchObject({ finished: true, crossings: 2 });
    await station.stop();
    expect(travellersIn()).toBe(3);
  });

  it('answers a missing directory, one that is not a station\'s, and a missing --data with clear errors, creating nothing', async () => {
    const none = path.join(dir, 'none');
    const missing = await runCli(['post', 'seed-history', '--data', none], jsonLines(past));
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr)).toMatchObject({ error: { code: 'RUNTIME_DATA_DIR_NOT_FOUND' } });
    expect(fs.existsSync(none)).toBe(false);

    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    const notEnrolled = await runCli(['post', 'seed-history', '--data', empty], jsonLines(past));
    expect(notEnrolled.code).toBe(1);
    expect(JSON.parse(notEnrolled.stderr)).toMatchObject({ error: { code: 'RUNTIME_NOT_ENROLLED' } });
    expect(fs.readdirSync(empty)).toEqual([]);

    const usage = await runCli(['post', 'seed-history'], '');
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stderr)).toMatchObject({ error: { code: 'CLI_USAGE' } });
  });
});
