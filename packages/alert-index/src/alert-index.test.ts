import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BorderpostError } from '@borderpost/common';
import { type AlertDocumentDoc, type AlertListDoc, type AlertPersonDoc, type Traveller, importCsvList } from '@borderpost/matching';
import { migrate, openDatabase, type SqliteDatabase } from '@borderpost/sqlite';
import { AlertIndex } from './alert-index';
import { buildIndexFile } from './build';
import { importListFile } from './list-files';
import { COMPONENT as ALERT_INDEX_COMPONENT, MIGRATIONS } from './schema';
import { provisionFromSnapshot } from './snapshot';

const fixtures = path.join(__dirname, '..', '..', 'matching', 'fixtures');
let dir: string;
let db: SqliteDatabase;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-alert-index-'));
  db = openDatabase(path.join(dir, 'post.db'));
});
afterEach(() => {
  if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function list(version: number, listId = 'watch'): AlertListDoc {
  return { _id: `alert-list:${listId}`, type: 'alert-list', listId, name: listId, version, kind: 'mixed', thresholds: { person: 0.8 }, entryCount: 0, publishedAt: '2026-11-01T00:00:00Z', source: 'json' };
}
function person(entryId: string, version: number, surname: string, givenNames: string, birthDates: string[] = ['1980-03-12'], listId = 'watch'): AlertPersonDoc {
  return { _id: `alert-person:${listId}:${entryId}`, type: 'alert-person', listId, listVersion: version, entryId, names: [{ surname, givenNames }], birthDates, sex: 'M', nationalities: ['GIN'], reason: 'test', instruction: `call supervisor (${entryId})` };
}
function doc(entryId: string, version: number, issuingState: string, documentNumber: string): AlertDocumentDoc {
  return { _id: `alert-document:watch:${entryId}`, type: 'alert-document', listId: 'watch', listVersion: version, entryId, issuingState, documentNumber, reason: 'stolen', instruction: 'seize' };
}
const traveller = { surname: 'JALLOW', givenNames: 'MOUHAMED', birthDate: '1980-03-12', sex: 'M', nationality: 'GIN' };
const ids = (index: AlertIndex, t: Parameters<AlertIndex['query']>[0]): string[] => index.query(t).map((h) => h.id);

describe('alert index', () => {
  it('finds a person written differently, with an explanation and the instruction, and documents exactly or possibly', () => {
    const index = AlertIndex.open(db);
    index.replaceList(list(1), [person('p1', 1, 'DIALLO', 'MOHAMED'), person('p2', 1, 'TRAORE', 'AMINATA'), doc('d1', 1, 'GIN', 'R0739215')]);
    const [hit] = index.query(traveller);
    expect(hit).toMatchObject({ id: 'alert-person:watch:p1', kind: 'person', listId: 'watch', instruction: 'call supervisor (p1)' });
    expect(hit!.score).toBeGreaterThanOrEqual(0.95);
    expect(hit!.explanation).toContain('JALLOW ≈ DIALLO (spelling variant)');
    expect(index.query({ surname: 'X', givenNames: '', documentNumber: 'R0739215', issuingState: 'GIN' })).toMatchObject([{ id: 'alert-document:watch:d1', kind: 'document', score: 1 }]);
    const possible = index.query({ surname: '', givenNames: '', documentNumber: 'RO7392I5', issuingState: 'GIN' });
    expect(possible).toMatchObject([{ id: 'alert-document:watch:d1', kind: 'document-possible', score: 0.9 }]);
    expect(possible[0]!.explanation).toContain('O read where the list has 0 at position 2');
    expect(index.query({ surname: 'TRAORE', givenNames: 'AMINATA', birthDate: '1961-01-01' })).toEqual([]);
  });

  it('counts name parts per listed nationality, so namesakes are estimated within the nationality', () => {
    const index = AlertIndex.open(db);
    const chinese = (i: number, given: string): AlertPersonDoc => ({ ...person(`c${i}`, 1, 'WANG', given, []), nationalities: ['CHN'] });
    const guinean = (i: number): AlertPersonDoc => person(`g${i}`, 1, `KOUYATE${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`, 'SORY', []);
    const wangWei = (nationality: string): Traveller => ({ surname: 'WANG', givenNames: 'WEI', nationality });
    const entries: AlertPersonDoc[] = [];
    for (let i = 0; i < 20; i += 1) entries.push(chinese(i, i < 10 ? 'WEI' : `LI${String.fromCharCode(65 + i)}`));
    for (let i = 0; i < 180; i += 1) entries.push(guinean(i));
    index.replaceList(list(1), entries);
    // List-wide: 20 WANG and 10 WEI among 200 persons, under 1 other WANG WEI by independence …
    expect(index.namesakeEstimate(wangWei('CHN')).namesakes).toBeCloseTo((200 * 19 * 9) / (200 * 200), 5); // others: 19 WANG, 9 WEI
    // … but within the 20 CHN persons, 20 WANG and 10 WEI — 19 and 9 besides the listed person
    // himself: 20 × 19/20 × 9/20 ≈ 8.6, about what the list holds.
    expect(index.namesakeEstimate(wangWei('CHN')).withNationality).toBeCloseTo(8.55, 5);
    expect(index.namesakeEstimate(wangWei('GIN')).withNationality).toBeLessThan(0.01);
    // So a WANG WEI of CHN is not alerted on a no-date WANG WEI entry shared by ten CHN persons.
    expect(index.query({ surname: 'WANG', givenNames: 'WEI', birthDate: '1980-03-12', sex: 'M', nationality: 'CHN' })).toEqual([]);
    // Removing the WEI entries takes their counts away again: 10 CHN, all WANG, no WEI (counted as the
    // list-wide share gives 10 persons: ½ of 190, less than half a person).
    index.replaceList(list(2), entries.slice(10).map((e) => ({ ...e, listVersion: 2 })));
    expect(index.namesakeEstimate(wangWei('CHN')).withNationality).toBeCloseTo(10 * (9 / 10) * ((10 * (0.5 / 190)) / 10), 5);
  });

  it('returns a hit whose rounded score equals the threshold (the pre-checks allow for the rounding)', () => {
    const index = AlertIndex.open(db);
    const t = { surname: 'DIALLO', givenNames: 'MAMADOU ALPHA', sex: 'M', nationality: 'GIN' };
    index.replaceList({ ...list(1), thresholds: { person: 0.5 } }, [person('p1', 1, 'DIALLO', 'MAMADOU', [])]);
    const hits = index.query(t);
    expect(hits).toHaveLength(1);
    const score = hits[0]!.score;
    // The same list again, its threshold exactly that (rounded) score: still a hit.
    index.replaceList({ ...list(2), thresholds: { person: score } }, [person('p1', 2, 'DIALLO', 'MAMADOU', [])]);
    expect(index.query(t).map((h) => h.score)).toEqual([score]);
  });

  it('refuses a version with no entries or less than half the entries it replaces, unless allowed; the held version stays', () => {
    const index = AlertIndex.open(db);
    const three = (version: number) => [person('p1', version, 'DIALLO', 'MOHAMED'), person('p2', version, 'TRAORE', 'AMINATA'), person('p3', version, 'KOUYATE', 'SORY')];
    index.replaceList(list(1), three(1));
    expect(() => index.replaceList(list(2), [])).toThrow(expect.objectContaining({ code: 'MATCH_LIST_EMPTY' }));
    expect(() => index.replaceList(list(2), three(2).slice(0, 1))).toThrow(expect.objectContaining({ code: 'MATCH_LIST_SHRINKS', details: { incoming: 1, held: 3 } }));
    expect(index.stats().lists).toMatchObject([{ version: 1, persons: 3 }]);
    expect(ids(index, traveller)).toEqual(['alert-person:watch:p1']);
    // Two of three is a normal revision; one of three, when meant, is accepted.
    expect(index.replaceList(list(2), three(2).slice(0, 2)).removed).toBe(1);
    expect(index.replaceList(list(3), three(3).slice(0, 0), { allowShrink: true }).removed).toBe(2);
    expect(index.stats().lists).toMatchObject([{ version: 3, persons: 0 }]);
    // A new index from an empty file is refused too.
    expect(() => buildIndexFile(path.join(dir, 'empty.db'), [{ list: list(1), entries: [] }])).toThrow(expect.objectContaining({ code: 'MATCH_LIST_EMPTY' }));
    expect(fs.existsSync(path.join(dir, 'empty.db'))).toBe(false);
  });

  it('applies replicated documents incrementally: add, newer version replaces, older is ignored, removed deletes', () => {
    const index = AlertIndex.open(db);
    expect(index.applyDocuments([list(1), person('p1', 1, 'DIALLO', 'MOHAMED')], 'seq-1')).toEqual({ lists: 1, upserted: 1, removed: 0, ignored: 0 });
    expect(ids(index, traveller)).toEqual(['alert-person:watch:p1']);
    // Version 2 renames the entry: the old keys go, the new ones come.
    index.applyDocuments([list(2), person('p1', 2, 'KOUYATE', 'SORY')], 'seq-2');
    expect(ids(index, traveller)).toEqual([]);
    expect(ids(index, { surname: 'KUYATEH', givenNames: 'SORI', birthDate: '1980-03-12' })).toEqual(['alert-person:watch:p1']);
    // A late copy of version 1 must not bring the old name back.
    expect(index.applyDocuments([person('p1', 1, 'DIALLO', 'MOHAMED')]).ignored).toBe(1);
    expect(ids(index, traveller)).toEqual([]);
    expect(index.applyDocuments([{ ...person('p1', 3, 'KOUYATE', 'SORY'), removed: true }], 'seq-3').removed).toBe(1);
    expect(ids(index, { surname: 'KOUYATE', givenNames: 'SORY', birthDate: '1980-03-12' })).toEqual([]);
    expect(index.checkpoint()).toBe('seq-3');
    expect(index.stats()).toMatchObject({ persons: 0, documents: 0, lists: [{ listId: 'watch', version: 2 }] });
  });

  it('refuses a bad replicated document without applying any of the batch', () => {
    const index = AlertIndex.open(db);
    const bad = { ...person('p2', 1, 'X', 'Y'), names: [] };
    expect(() => index.applyDocuments([list(1), person('p1', 1, 'DIALLO', 'MOHAMED'), bad], 'seq-9')).toThrow(BorderpostError);
    expect(index.stats().lists).toEqual([]);
    expect(index.checkpoint()).toBeNull();
  });

  it('replaces a list atomically: entries dropped from the new version go, a failing import changes nothing', () => {
    const index = AlertIndex.open(db);
    index.replaceList(list(1), [person('p1', 1, 'DIALLO', 'MOHAMED'), person('p2', 1, 'TRAORE', 'AMINATA')]);
    expect(index.replaceList(list(2), [person('p2', 2, 'TRAORE', 'AMINATA')])).toMatchObject({ upserted: 1, removed: 1 });
    expect(ids(index, traveller)).toEqual([]);
    function* failing(): Generator<AlertPersonDoc> {
      yield person('p3', 3, 'DIALLO', 'MOHAMED');
      throw new BorderpostError('MATCH_FILE_BAD_FORMAT', 'disk read failed half way');
    }
    expect(() => index.replaceList(list(3), failing())).toThrow('disk read failed half way');
    expect(index.stats()).toMatchObject({ persons: 1, lists: [{ version: 2 }] });
    expect(ids(index, traveller)).toEqual([]);
    expect(ids(index, { surname: 'TRAORE', givenNames: 'AMINATA', birthDate: '1980-03-12' })).toEqual(['alert-person:watch:p2']);
    expect(() => index.replaceList(list(2), [])).toThrow(expect.objectContaining({ code: 'MATCH_LIST_VERSION_NOT_NEWER' }));
  });

  it('ranks candidates by the rarity of the keys they share before the cap, so namesakes of a common name do not crowd out a rare one', () => {
    const index = AlertIndex.open(db, { candidates: 3, fallbackCandidates: 0 });
    const namesakes = Array.from({ length: 30 }, (_, i) => person(`n${i}`, 1, 'DIALLO', 'MOHAMED'));
    index.replaceList(list(1), [...namesakes, person('rare', 1, 'ZIKAMOU', 'MOHAMED')]);
    // Every entry shares two parts and the birth date; only the ZIKAMOU pair is rare.
    const hits = ids(index, { surname: 'DIALLO ZIKAMOU', givenNames: 'MOHAMED', birthDate: '1980-03-12', sex: 'M', nationality: 'GIN' });
    expect(hits).toContain('alert-person:watch:rare');
  });

  it('uses each list\'s own threshold', () => {
    const index = AlertIndex.open(db);
    const strict = { ...list(1, 'strict'), thresholds: { person: 0.99 } };
    index.replaceList(strict, [person('s1', 1, 'DIALLO', 'MOHAMED', ['1980'], 'strict')]);
    index.replaceList(list(1), [person('p1', 1, 'DIALLO', 'MOHAMED', ['1980'])]);
    expect(ids(index, traveller)).toEqual(['alert-person:watch:p1']);
  });

  it('is instant to reopen and survives an encrypted post database', () => {
    db.close();
    const file = path.join(dir, 'secret.db');
    db = openDatabase(file, { key: 'post key' });
    AlertIndex.open(db).replaceList(list(1), [person('p1', 1, 'DIALLO', 'MOHAMED')]);
    db.close();
    db = openDatabase(file, { key: 'post key' });
    expect(ids(AlertIndex.open(db), traveller)).toEqual(['alert-person:watch:p1']);
  });

  it('migrates an index from schema 1 (keys by year) and derives the keys again', () => {
    migrate(db, ALERT_INDEX_COMPONENT, MIGRATIONS.slice(0, 1));
    const p1 = person('p1', 1, 'DIALLO', 'MOHAMED');
    db.prepare("INSERT INTO alert_lists (list_id, version, threshold, doc) VALUES ('watch', 1, 0.8, ?)").run(JSON.stringify(list(1)));
    db.prepare("INSERT INTO alert_entries (doc_id, list_id, list_version, kind, doc) VALUES (?, 'watch', 1, 'person', ?)").run(p1._id, JSON.stringify(p1));
    db.prepare("INSERT INTO alert_index_state (name, value) VALUES ('key_algorithm', 'name-keys-1')").run();
    expect(ids(AlertIndex.open(db), traveller)).toEqual(['alert-person:watch:p1']);
    expect(db.prepare('SELECT count(*) FROM alert_name_keys WHERE birth = 19800312').pluck().get()).toBeGreaterThan(0);
  });

  it('re-derives keys when the stored key algorithm differs', () => {
    const index = AlertIndex.open(db);
    index.replaceList(list(1), [person('p1', 1, 'DIALLO', 'MOHAMED')]);
    db.exec("DELETE FROM alert_name_keys; UPDATE alert_index_state SET value = 'old' WHERE name = 'key_algorithm'");
    expect(ids(AlertIndex.open(db), traveller)).toEqual(['alert-person:watch:p1']);
  });
});

describe('index files and snapshots', () => {
  it('builds an index file from an imported list and provisions an encrypted post from it', () => {
    const snapshot = path.join(dir, 'snapshot.db');
    const imported = importListFile(path.join(fixtures, 'un-consolidated-sample.xml'), 'un-xml', { listId: 'un', version: 7 });
    buildIndexFile(snapshot, [{ list: imported.list, entries: imported.entries }]);
    db.close();
    db = openDatabase(path.join(dir, 'post-enc.db'), { key: 'k' });
    const before = AlertIndex.open(db);
    before.applyDocuments([list(1), person('p1', 1, 'DIALLO', 'MOHAMED')], 'old-seq');
    const index = provisionFromSnapshot(db, snapshot);
    expect(index.stats()).toMatchObject({ lists: [{ listId: 'un', version: 7 }], persons: 4, documents: 2, checkpoint: null });
    const [hit] = index.query({ surname: 'ALZAHRANI', givenNames: 'ABDULRAHMAN MOHAMED SALEH', birthDate: '1979-04-17', sex: 'M' });
    expect(hit?.id).toBe('alert-person:un:QDi.901');
    expect(ids(index, { surname: 'SHCHUKIN', givenNames: 'YURIY', birthDate: '1964-11-30' })).toEqual(['alert-person:un:KPi.904']);
    expect(ids(index, traveller)).toEqual([]);
  });

  it('leaves the post untouched when the snapshot is not an index', () => {
    const index = AlertIndex.open(db);
    index.replaceList(list(1), [person('p1', 1, 'DIALLO', 'MOHAMED')]);
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'this is not a database at all, just some bytes'.repeat(100));
    expect(() => provisionFromSnapshot(db, junk)).toThrow(expect.objectContaining({ code: 'MATCH_SNAPSHOT_BAD' }));
    const empty = path.join(dir, 'empty.db');
    openDatabase(empty).close();
    expect(() => provisionFromSnapshot(db, empty)).toThrow(expect.objectContaining({ code: 'MATCH_SNAPSHOT_BAD' }));
    expect(() => provisionFromSnapshot(db, path.join(dir, 'missing.db'))).toThrow(expect.objectContaining({ code: 'MATCH_SNAPSHOT_NOT_FOUND' }));
    expect(ids(AlertIndex.open(db), traveller)).toEqual(['alert-person:watch:p1']);
  });

  it('a failed build leaves an existing index file as it was', () => {
    const file = path.join(dir, 'index.db');
    const imported = importCsvList(fs.readFileSync(path.join(fixtures, 'list.csv'), 'utf8'), { listId: 'csv', version: 1 });
    buildIndexFile(file, [{ list: imported.list, entries: imported.entries }]);
    const duplicate = [...imported.entries, imported.entries[0]!];
    expect(() => buildIndexFile(file, [{ list: imported.list, entries: duplicate }])).toThrow(expect.objectContaining({ code: 'MATCH_BUILD_FAILED' }));
    const reopened = openDatabase(file);
    try {
      expect(AlertIndex.open(reopened).stats()).toMatchObject({ persons: 3, documents: 2 });
    } finally {
      reopened.close();
    }
    expect(fs.readdirSync(dir).filter((f) => f.includes('building'))).toEqual([]);
  });
});
