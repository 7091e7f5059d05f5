import { AlertIndex } from '@borderpost/alert-index';
import { sqliteAdapter } from '@borderpost/docstore';
import { FileSecretStore } from '@borderpost/runtime-core';
import { newPostDocId, newUlid } from '@borderpost/schemas';
import { type SqliteDatabase, openDatabase } from '@borderpost/sqlite';
import { pouchWithReplication } from '@borderpost/sync-pouch';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPostRuntime } from './runtime';
import { runningStationPids } from './station-running';
import { type CrossingPages, beginTravellerBackfill, resetTravellerBackfill, runTravellerBackfill, travellerBackfillState } from './traveller-backfill';

jest.setTimeout(60_000);

const TestPouch = pouchWithReplication(sqliteAdapter);
type Pouch = CrossingPages & { bulkDocs(docs: object[]): Promise<unknown>; close(): Promise<void> };

const SURNAMES = ['DIALLO', 'TRAORE', 'KEITA', 'CAMARA', 'SOW', 'BARRY', 'TOURE', 'KONE'];
const GIVEN = ['MAMADOU', 'FATOUMATA', 'IBRAHIMA', 'AISSATOU', 'OUSMANE'];

/** Crossings as the capture service saves them (the fields the backfill reads), with ids minted `minutesAgo` in the past. */
function pastCrossings(postId: string, count: number, offset = 0): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({
    // A random source gives a separate ULID factory: the shared monotonic one must not be moved into the past.
    _id: newPostDocId('crossing', postId, newUlid(Date.now() - 86_400_000 + (offset + i) * 1000, Math.random)),
    type: 'crossing',
    postId,
    createdAt: new Date().toISOString(),
    document: { issuingState: 'GIN', documentNumber: `G${String(offset + i).padStart(7, '0')}`, mrzLines: [] },
    traveller: { surname: SURNAMES[(offset + i) % SURNAMES.length], givenNames: GIVEN[(offset + i) % GIVEN.length], birthDate: '1985-01-01', sex: 'M', nationality: 'GIN' },
    decision: { outcome: 'admitted', at: new Date().toISOString() },
  }));
}

describe('traveller history backfill', () => {
  let tmp: string;
  let local: Pouch;
  let alertDb: SqliteDatabase;
  let index: AlertIndex;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-backfill-'));
    local = new TestPouch(path.join(tmp, 'post.sqlite'), { adapter: 'sqlite' }) as unknown as Pouch;
    alertDb = openDatabase(path.join(tmp, 'alert-index.sqlite'));
    index = AlertIndex.open(alertDb);
  });

  afterEach(async () => {
    await local.close();
    alertDb.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('counts each crossing already in the post database once, page by page, and never again', async () => {
    const nameless = { ...pastCrossings('north-gate', 1, 500)[0]!, traveller: { surname: '', givenNames: '', birthDate: '1985-01-01', sex: 'M', nationality: 'GIN' } };
    const audit = { _id: newPostDocId('audit', 'north-gate'), type: 'audit', action: 'session.signIn' };
    await local.bulkDocs([...pastCrossings('north-gate', 130), nameless, audit]);
    const state = beginTravellerBackfill(alertDb, 'north-gate')!;
    expect(state).toMatchObject({ postId: 'north-gate', crossings: 0, finishedAt: null });
    // A crossing committed after the backfill began sorts above the cutoff: the capture service counts it, not the backfill.
    await local.bulkDocs([{ ...pastCrossings('north-gate', 1)[0]!, _id: newPostDocId('crossing', 'north-gate') }]);

    const result = await runTravellerBackfill({ local, index, state, pageSize: 25 });
    // 131 crossings read (the nameless one too), 130 counted: a crossing without a name part counts nobody
    expect(result).toMatchObject({ finished: true, crossings: 131, recorded: 130, travellers: 130 });
    expect(index.travellerHistory()).toBe(130);
    expect(travellerBackfillState(alertDb)).toMatchObject({ crossings: 131, recorded: 130, finishedAt: expect.stringMatching(/^\d{4}-/) });
    // done: the next start begins nothing, and the counts stay
    expect(beginTravellerBackfill(alertDb, 'north-gate')).toBeNull();
    expect(AlertIndex.open(alertDb).travellerHistory()).toBe(130);
  });

  it('resumes after an interruption and after a failure inside a page without counting anyone twice', async () => {
    await local.bulkDocs(pastCrossings('north-gate', 130));
    const state = beginTravellerBackfill(alertDb, 'north-gate')!;
    // stopped (the runtime stops) after two pages
    const interrupted = await runTravellerBackfill({ local, index, state, pageSize: 25, stopped: () => index.travellerHistory() >= 50 });
    expect(interrupted).toMatchObject({ finished: false, crossings: 50 });
    expect(index.travellerHistory()).toBe(50);

    // a crash inside the second page of the next run: its counts roll back with its progress row
    let calls = 0;
    const failing = new Proxy(index, {
      get(target, name, receiver) {
        if (name !== 'recordTravellers') return Reflect.get(target, name, receiver) as unknown;
        return (travellers: Parameters<AlertIndex['recordTravellers']>[0]) => {
          const recorded = target.recordTravellers(travellers);
          if (++calls === 2) throw new Error('power cut');
          return recorded;
        };
      },
    });
    const resumed = beginTravellerBackfill(alertDb, 'north-gate')!;
    expect(resumed).toMatchObject({ cutoff: state.cutoff, crossings: 50, finishedAt: null });
    await expect(runTravellerBackfill({ local, index: failing, state: resumed, pageSize: 25 })).rejects.toThrow('power cut');
    expect(AlertIndex.open(alertDb).travellerHistory()).toBe(75);
    expect(travellerBackfillState(alertDb)).toMatchObject({ crossings: 75, finishedAt: null });

    const last = await runTravellerBackfill({ local, index, state: beginTravellerBackfill(alertDb, 'north-gate')!, pageSize: 25 });
    expect(last).toMatchObject({ finished: true, crossings: 55 });
    expect(index.travellerHistory()).toBe(130);
    expect(beginTravellerBackfill(alertDb, 'north-gate')).toBeNull();

    // a reset (with the history cleared) begins again from the start
    index.clearTravellerHistory();
    resetTravellerBackfill(alertDb);
    const again = await runTravellerBackfill({ local, index, state: beginTravellerBackfill(alertDb, 'north-gate')!, pageSize: 1000 });
    expect(again).toMatchObject({ finished: true, crossings: 130, travellers: 130 });
  });
});

/**
 * The runtime runs the backfill at start, once: over a station's data directory with crossings saved
 * before the traveller history existed (an enrolled station; central unreachable, as at a remote post).
 */
describe('post runtime: traveller history backfill at start', () => {
  it('counts the crossings already in the post database once, not the practice ones, and not again at the next start', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-runtime-backfill-'));
    const logs = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const databaseKey = crypto.randomBytes(32);
      await new FileSecretStore(path.join(dataDir, 'station-secrets.json')).write({
        version: 1,
        serverUrl: 'http://127.0.0.1:9',
        stationId: 'station-1',
        postId: 'north-gate',
        stationName: 'Workstation',
        token: 'token',
        databaseKey: databaseKey.toString('base64'),
        enrolledAt: new Date().toISOString(),
      });
      const fill = async (file: string, docs: object[]) => {
        const db = new TestPouch(path.join(dataDir, file), { adapter: 'sqlite', key: databaseKey }) as unknown as Pouch;
        await db.bulkDocs(docs);
        await db.close();
      };
      await fill('post-north-gate.sqlite', pastCrossings('north-gate', 60));
      // practice crossings live in the training database: not the post's travellers
      await fill('training-north-gate.sqlite', pastCrossings('north-gate', 7, 1000));

      const start = () => startPostRuntime({ dataDir, mode: 'browser', sync: { intervalMs: 3_600_000 } });
      let runtime = await start();
      runtime.setOnline(false);
      expect(runningStationPids(dataDir)).toEqual([process.pid]);
      await expect(runtime.travellerBackfill()).resolves.toMatchObject({ finished: true, crossings: 60, recorded: 60, travellers: 60 });
      await runtime.stop();
      expect(runningStationPids(dataDir)).toEqual([]);
      const lines = logs.mock.calls.map((call) => String(call[0])).filter((line) => line.includes('traveller-backfill'));
      expect(lines).toEqual([expect.stringContaining('"event":"traveller-backfill.start"'), expect.stringContaining('"event":"traveller-backfill.end"')]);
      expect(lines.join('\n')).not.toMatch(/DIALLO|TRAORE|MAMADOU/);

      runtime = await start();
      runtime.setOnline(false);
      await expect(runtime.travellerBackfill()).resolves.toBeNull();
      await runtime.stop();
      const alertDb = openDatabase(path.join(dataDir, 'alert-index.sqlite'), { key: databaseKey });
      try {
        expect(AlertIndex.open(alertDb).travellerHistory()).toBe(60);
      } finally {
        alertDb.close();
      }
    } finally {
      logs.mockRestore();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
