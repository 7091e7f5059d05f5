import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AlertListDoc, AlertPersonDoc, Traveller } from '@borderpost/matching';
import { openDatabase, type SqliteDatabase } from '@borderpost/sqlite';
import { AlertIndex } from './alert-index';
import { MIN_TRAVELLER_HISTORY } from './namesakes';

let dir: string;
let db: SqliteDatabase;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-namesakes-'));
  db = openDatabase(path.join(dir, 'post.db'));
});
afterEach(() => {
  if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const list: AlertListDoc = { _id: 'alert-list:watch', type: 'alert-list', listId: 'watch', name: 'watch', version: 1, kind: 'person', thresholds: { person: 0.8 }, entryCount: 0, publishedAt: '2026-11-01T00:00:00Z', source: 'json' };
function person(entryId: string, surname: string, givenNames: string, birthDates: string[], nationalities: string[]): AlertPersonDoc {
  return { _id: `alert-person:watch:${entryId}`, type: 'alert-person', listId: 'watch', listVersion: 1, entryId, names: [{ surname, givenNames }], birthDates, sex: 'M', nationalities, reason: 'test', instruction: 'refer' };
}
/** n list entries of one name, undated, each with its own rule-made given name unless `given` is set. */
function many(prefix: string, n: number, surname: string, given: (i: number) => string, nationality: string): AlertPersonDoc[] {
  return Array.from({ length: n }, (_, i) => person(`${prefix}${i}`, surname, given(i), [], [nationality]));
}
const letters = (i: number): string => `${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26) % 26)}`;

describe('namesake estimate', () => {
  it('counts an exact spelling as itself and a spelling variant as its whole class', () => {
    const index = AlertIndex.open(db);
    // 40 MOHAMMED DIALLO, 1 MOUHAMED DIALLO, 159 others: the class MOHAMED holds 41 persons, the spelling MOUHAMED one.
    const entries = [
      ...many('m', 40, 'DIALLO', () => 'MOHAMMED', 'GIN'),
      person('x', 'DIALLO', 'MOUHAMED', [], ['GIN']),
      ...many('o', 159, 'CAMARA', (i) => `SORY${letters(i)}`, 'GIN'),
    ];
    index.replaceList(list, entries);
    const estimate = (givenNames: string): number => index.namesakeEstimate({ surname: 'DIALLO', givenNames }).namesakes;
    // Other persons: 200 × (½/200 MOUHAMED: none besides him) × (40/200 DIALLO) = 0.1; 39 × 40 / 200 for MOHAMMED.
    expect(estimate('MOUHAMED')).toBeCloseTo(0.1, 5);
    expect(estimate('MOHAMMED')).toBeCloseTo((39 * 40) / 200, 5);
    // The listed MOUHAMED, shown exactly, is found despite the 40 undated MOHAMMED DIALLO; a
    // MUHAMMAD DIALLO (a variant: every one of the 41 of the class might be him) is not alerted on the undated entry.
    const t = (givenNames: string): Traveller => ({ surname: 'DIALLO', givenNames, birthDate: '1980-03-12', sex: 'M', nationality: 'GIN' });
    expect(index.query(t('MOUHAMED')).map((h) => h.id)).toContain('alert-person:watch:x');
    expect(index.query(t('MUHAMMAD')).map((h) => h.id)).not.toContain('alert-person:watch:x');
  });

  it('does not count the listed person as his own namesake: an agreeing nationality never costs', () => {
    const index = AlertIndex.open(db);
    // 200 persons, one of them the only ISL person on the list, undated.
    index.replaceList(list, [...many('o', 199, 'CAMARA', (i) => `SORY${letters(i)}`, 'GIN'), person('is', 'THORVALDSDOTTIR', 'SIGRUN', [], ['ISL'])]);
    const score = (nationality?: string): number => index.query({ surname: 'THORVALDSDOTTIR', givenNames: 'SIGRUN', sex: 'M', ...(nationality ? { nationality } : {}) })[0]?.score ?? 0;
    expect(score('ISL')).toBeGreaterThanOrEqual(score());
    expect(score('ISL')).toBeGreaterThan(score('NOR'));
    expect(index.query({ surname: 'THORVALDSDOTTIR', givenNames: 'SIGRUN', sex: 'M', nationality: 'ISL' })[0]!.explanation).not.toContain('common name');
  });

  it('follows the post\'s travellers once enough are counted, keeps them through a key rebuild, and forgets them on request', () => {
    const index = AlertIndex.open(db);
    // The list: 60 undated IVANOV SERGEI (RUS) and 60 undated KOUYATE SORY (GIN) among 200 persons.
    const entries = [
      ...many('r', 60, 'IVANOV', () => 'SERGEI', 'RUS'),
      ...many('g', 60, 'KOUYATE', () => 'SORY', 'GIN'),
      ...many('o', 80, 'CAMARA', (i) => `LANSANA${letters(i)}`, 'GIN'),
    ];
    index.replaceList(list, entries);
    const ivanov: Traveller = { surname: 'IVANOV', givenNames: 'SERGEI', nationality: 'RUS' };
    const kouyate: Traveller = { surname: 'KOUYATE', givenNames: 'SORY', nationality: 'GIN' };
    const fromList = { ivanov: index.namesakeEstimate(ivanov).namesakes, kouyate: index.namesakeEstimate(kouyate).namesakes };
    expect(fromList.ivanov).toBeCloseTo(fromList.kouyate, 5); // the list alone cannot tell the two apart
    // Too few travellers counted: the list's estimate stands.
    index.recordTravellers(Array.from({ length: MIN_TRAVELLER_HISTORY - 1 }, () => kouyate));
    expect(index.namesakeEstimate(ivanov).namesakes).toBeCloseTo(fromList.ivanov, 5);
    // The post sees KOUYATE SORY every day and never an IVANOV.
    index.recordTravellers(Array.from({ length: 1000 }, (_, i): Traveller => (i % 10 === 0 ? kouyate : { surname: 'CAMARA', givenNames: `MAMADY${letters(i)}`, nationality: 'GIN' })));
    expect(index.travellerHistory()).toBe(MIN_TRAVELLER_HISTORY - 1 + 1000);
    const counted = { ivanov: index.namesakeEstimate(ivanov).namesakes, kouyate: index.namesakeEstimate(kouyate).namesakes };
    expect(counted.kouyate).toBeGreaterThan(fromList.kouyate * 2);
    expect(counted.ivanov).toBeLessThan(fromList.ivanov / 20);
    // A key rebuild (a new key algorithm) re-derives the list counts and keeps the travellers'.
    index.rebuildKeys();
    expect(index.travellerHistory()).toBe(MIN_TRAVELLER_HISTORY - 1 + 1000);
    expect(index.namesakeEstimate(kouyate).namesakes).toBeCloseTo(counted.kouyate, 5);
    // Travellers without a name part are not counted.
    expect(index.recordTravellers([{ surname: '', givenNames: '' }])).toBe(0);
    index.clearTravellerHistory();
    expect(index.travellerHistory()).toBe(0);
    expect(index.namesakeEstimate(ivanov).namesakes).toBeCloseTo(fromList.ivanov, 5);
  });

  it('lets an undated entry of a name the post never sees alert, and keeps one of the post\'s everyday names a possible', () => {
    const index = AlertIndex.open(db);
    const entries = [
      ...many('r', 30, 'IVANOV', () => 'SERGEI', 'RUS'),
      ...many('g', 30, 'KOUYATE', () => 'SORY', 'GIN'),
      ...many('o', 140, 'CAMARA', (i) => `LANSANA${letters(i)}`, 'GIN'),
    ];
    index.replaceList(list, entries);
    const ivanov: Traveller = { surname: 'IVANOV', givenNames: 'SERGEI', birthDate: '1975-06-01', sex: 'M', nationality: 'RUS' };
    const kouyate: Traveller = { surname: 'KOUYATE', givenNames: 'SORY', birthDate: '1975-06-01', sex: 'M', nationality: 'GIN' };
    // From the list alone both names are shared by 30 undated entries: neither alerts.
    expect(index.query(ivanov)).toEqual([]);
    expect(index.query(kouyate)).toEqual([]);
    // At this post a third of the travellers are KOUYATE and three in seven (independently) SORY; none IVANOV nor RUS.
    index.recordTravellers(Array.from({ length: 50_000 }, (_, i): Traveller => ({ surname: i % 3 === 0 ? 'KOUYATE' : `CAMARA${letters(i)}`, givenNames: i % 7 < 2 || i % 7 === 6 ? 'SORY' : `MAMADY${letters(i)}`, nationality: i % 4 === 0 ? 'MLI' : 'GIN' })));
    expect(index.query(ivanov).length).toBeGreaterThan(0);
    expect(index.query(ivanov)[0]!.explanation).toContain('IVANOV');
    expect(index.query(kouyate)).toEqual([]);
  });
});
