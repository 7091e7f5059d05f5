import { BorderpostError } from '@borderpost/common';
import {
  type AlertDoc, type AlertEntryDoc, type AlertListDoc, type AlertPersonDoc, type Hit, type Normaliser, type Traveller,
  DEFAULT_PERSON_THRESHOLD, compareDocuments, documentKey, documentReasons, explainDocument, explainPersonScore, personScoreReasons, keyHash, icaoNormaliser,
  type ScoreContext, parsePartialDate, personIndexKeys, preparePerson, preparePersonQualifiers, prepareTraveller, qualify, scorePerson, travellerIndexKeys,
} from '@borderpost/matching';
import { type SqliteDatabase, migrate } from '@borderpost/sqlite';
import { COMPONENT, MIGRATIONS } from './schema';
import { type NamesakeCounts, countKeysOf, namesakeContext } from './namesakes';
import { TravellerFrequencies, nationalityKey, nationalityPartKey } from './traveller-frequencies';

/** Bump when name keys change: an index built with other keys is re-keyed on open. */
export const KEY_ALGORITHM = 'name-keys-6';

export interface AlertIndexOptions {
  /** Plug in `@borderpost/mrz` here so lists and passports are normalised the same way. */
  normaliser?: Normaliser;
  /** How many entries sharing two name keys with the traveller are scored, best first. */
  candidates?: number;
  /** How many entries sharing only one name key are scored as well (misspelt parts). */
  fallbackCandidates?: number;
}

export interface ApplyResult {
  lists: number;
  upserted: number;
  removed: number;
  /** Documents older than what the index holds (a list version already superseded). */
  ignored: number;
}

export interface IndexStats {
  lists: { listId: string; name: string; version: number; threshold: number; persons: number; documents: number }[];
  persons: number;
  documents: number;
  checkpoint: string | null;
}

type Row = [number, number];

// Posting-list caps: pairs are selective, singles are the fallback for a misspelt second part.
const PAIR_LIMIT = 1000;
const SINGLE_LIMIT = 200;
const UNKNOWN_YEAR_LIMIT = 500;
const DEFAULT_CANDIDATES = 60;
const DEFAULT_FALLBACK_CANDIDATES = 20;
const POSSIBLE_DOCUMENT_SCORE = 0.9;
/**
 * Scores are rounded to three decimals before they meet the threshold: a bound that falls short of
 * it by less than half a thousandth can still round up to a hit, so the pre-checks allow for it.
 */
const SCORE_ROUNDING = 0.0005;
/** A new version of a list keeping less than this share of the entries it replaces is refused unless allowed. */
const MIN_SHARE_KEPT = 0.5;
/** Row of alert_key_counts holding the number of persons (name keys are 53-bit hashes, never 0 in practice). */
const PERSONS_KEY = 0;
/**
 * The post's alert index: list documents in, hits out. All writes for one call happen in one
 * transaction, so a failed update leaves the previous list intact.
 */
export class AlertIndex {
  private readonly normaliser: Normaliser;
  private readonly candidates: number;
  private readonly fallbackCandidates: number;
  private readonly thresholds = new Map<string, number>();
  private pendingCounts: Map<number, number> | null = null;
  /** Key rows of a bulk build, written in key order at the end (see KeyRowBuffer). */
  private bulkKeys: KeyRowBuffer | null = null;
  private personCount: number | null = null;
  private readonly frequencies: TravellerFrequencies;
  /** What the namesake estimate reads (see namesakes.ts). */
  private readonly counts: NamesakeCounts;
  private readonly s;

  private constructor(readonly db: SqliteDatabase, options: AlertIndexOptions) {
    this.normaliser = options.normaliser ?? icaoNormaliser;
    this.candidates = options.candidates ?? DEFAULT_CANDIDATES;
    this.fallbackCandidates = options.fallbackCandidates ?? DEFAULT_FALLBACK_CANDIDATES;
    this.s = {
      getList: db.prepare('SELECT version, doc FROM alert_lists WHERE list_id = ?'),
      putList: db.prepare('INSERT INTO alert_lists (list_id, version, threshold, doc) VALUES (?, ?, ?, ?) ON CONFLICT (list_id) DO UPDATE SET version = excluded.version, threshold = excluded.threshold, doc = excluded.doc'),
      allLists: db.prepare('SELECT list_id, threshold, doc FROM alert_lists ORDER BY list_id'),
      getEntryByDocId: db.prepare('SELECT id, list_version, doc FROM alert_entries WHERE doc_id = ?'),
      getEntry: db.prepare('SELECT list_id, kind, doc FROM alert_entries WHERE id = ?'),
      insertEntry: db.prepare('INSERT INTO alert_entries (doc_id, list_id, list_version, kind, doc) VALUES (?, ?, ?, ?, ?)'),
      updateEntry: db.prepare('UPDATE alert_entries SET list_version = ?, doc = ? WHERE id = ?'),
      deleteEntry: db.prepare('DELETE FROM alert_entries WHERE id = ?'),
      staleEntries: db.prepare('SELECT id, doc FROM alert_entries WHERE list_id = ? AND list_version < ?'),
      listEntries: db.prepare('SELECT id, doc FROM alert_entries WHERE list_id = ?'),
      insertKey: db.prepare('INSERT OR IGNORE INTO alert_name_keys (key, birth, entry) VALUES (?, ?, ?)'),
      deleteKey: db.prepare('DELETE FROM alert_name_keys WHERE key = ? AND birth = ? AND entry = ?'),
      insertDocKey: db.prepare('INSERT INTO alert_document_keys (number, folded, entry) VALUES (?, ?, ?)'),
      deleteDocKey: db.prepare('DELETE FROM alert_document_keys WHERE entry = ? AND number = ?'),
      keyWindow: db.prepare('SELECT entry, birth FROM alert_name_keys WHERE key = ? AND birth BETWEEN ? AND ? LIMIT ?').raw(),
      keyAnyYear: db.prepare('SELECT entry, birth FROM alert_name_keys WHERE key = ? LIMIT ?').raw(),
      docByNumber: db.prepare('SELECT entry FROM alert_document_keys WHERE number = ?').pluck(),
      docByFolded: db.prepare('SELECT entry FROM alert_document_keys WHERE folded = ?').pluck(),
      getState: db.prepare('SELECT value FROM alert_index_state WHERE name = ?').pluck(),
      putState: db.prepare('INSERT INTO alert_index_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value'),
      addCount: db.prepare('INSERT INTO alert_key_counts (key, entries) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET entries = entries + excluded.entries'),
      getCount: db.prepare('SELECT entries FROM alert_key_counts WHERE key = ?').pluck(),
      personCount: db.prepare("SELECT count(*) FROM alert_entries WHERE kind = 'person'").pluck(),
      listSize: db.prepare('SELECT count(*) FROM alert_entries WHERE list_id = ?').pluck(),
      counts: db.prepare("SELECT list_id, sum(kind = 'person') AS persons, sum(kind = 'document') AS documents FROM alert_entries GROUP BY list_id"),
    };
    for (const row of this.s.allLists.all() as { list_id: string; threshold: number }[]) this.thresholds.set(row.list_id, row.threshold);
    this.frequencies = new TravellerFrequencies(db);
    this.counts = {
      persons: () => this.persons(),
      listCount: (hash) => (this.s.getCount.get(hash) as number | undefined) ?? 0,
      history: this.frequencies,
    };
  }

  /** Opens the index inside an already opened database (the post's file, or a standalone one). */
  static open(db: SqliteDatabase, options: AlertIndexOptions = {}): AlertIndex {
    migrate(db, COMPONENT, MIGRATIONS);
    const index = new AlertIndex(db, options);
    const algorithm = index.s.getState.get('key_algorithm') as string | undefined;
    if (algorithm !== KEY_ALGORITHM) {
      if (db.readonly) {
        throw new BorderpostError('MATCH_INDEX_STALE', `the index keys were made by ${algorithm ?? 'an older version'}; open it once read-write (any update or build) to derive them again`);
      }
      index.rebuildKeys();
    }
    return index;
  }

  /** Recomputes every derived key from the stored documents (after a key algorithm change). */
  rebuildKeys(): void {
    const page = this.db.prepare('SELECT id, doc FROM alert_entries WHERE id > ? ORDER BY id LIMIT 5000');
    try {
      this.db.transaction(() => {
        this.db.exec('DELETE FROM alert_name_keys; DELETE FROM alert_document_keys; DELETE FROM alert_key_counts;');
        this.pendingCounts = new Map();
        this.bulkKeys = new KeyRowBuffer();
        // Page through the documents: a million of them do not need to sit in memory at once.
        let last = 0;
        for (;;) {
          const rows = page.all(last) as { id: number; doc: string }[];
          if (rows.length === 0) break;
          for (const row of rows) this.insertKeys(row.id, JSON.parse(row.doc) as AlertEntryDoc);
          last = rows[rows.length - 1]!.id;
        }
        this.flushCounts();
        this.flushBulkKeys();
        this.s.putState.run('key_algorithm', KEY_ALGORITHM);
      })();
    } finally {
      this.pendingCounts = null;
      this.bulkKeys = null;
      this.personCount = null;
    }
  }


  // ---- writes -------------------------------------------------------------------------------

  /** Birth dates as YYYYMMDD integers (MMDD 0000 for a year-only date), [0] when none. */
  private personBirths(doc: AlertPersonDoc): number[] {
    const births = new Set<number>();
    for (const d of doc.birthDates) {
      const parsed = parsePartialDate(d);
      if (parsed !== null) births.add(parsed.year * 10000 + (parsed.month ?? 0) * 100 + (parsed.day ?? 0));
    }
    return births.size === 0 ? [0] : [...births];
  }

  private keysOf(doc: AlertEntryDoc): { names: number[]; singles: number[]; years: number[]; attributes: number[]; joint: number[] } | { number: string; folded: string } {
    if (doc.type === 'alert-person') {
      const person = preparePerson(doc, this.normaliser);
      const keys = personIndexKeys(person);
      const hashes = new Set<number>(keys.singles.map(keyHash));
      for (const k of keys.pairs) hashes.add(keyHash(k));
      // Counted (not posted): each part's class or skeleton and its exact spelling, list-wide and per nationality.
      const counted = [...new Set([...keys.singles, ...person.names.flatMap(countKeysOf)])];
      const nationalities = [...new Set(person.nationalities)];
      const attributes = nationalities.map(nationalityKey);
      const joint = [...new Set(nationalities.flatMap((code) => counted.map((part) => nationalityPartKey(code, part))))];
      return { names: [...hashes], singles: counted.map(keyHash), years: this.personBirths(doc), attributes, joint };
    }
    const key = documentKey(doc.issuingState, doc.documentNumber, this.normaliser);
    return { number: key.number, folded: key.folded };
  }

  private insertKeys(id: number, doc: AlertEntryDoc): void {
    const keys = this.keysOf(doc);
    if ('names' in keys) {
      if (this.bulkKeys !== null) for (const h of keys.names) for (const y of keys.years) this.bulkKeys.push(h, y, id);
      else for (const h of keys.names) for (const y of keys.years) this.s.insertKey.run(h, y, id);
      for (const h of keys.singles) this.countKey(h, 1);
      for (const h of keys.attributes) this.countKey(h, 1);
      for (const h of keys.joint) this.countKey(h, 1);
      this.countKey(PERSONS_KEY, 1);
      this.personCount = null;
    } else {
      this.s.insertDocKey.run(keys.number, keys.folded, id);
    }
  }

  private deleteKeys(id: number, doc: AlertEntryDoc): void {
    const keys = this.keysOf(doc);
    if ('names' in keys) {
      for (const h of keys.names) for (const y of keys.years) this.s.deleteKey.run(h, y, id);
      for (const h of keys.singles) this.countKey(h, -1);
      for (const h of keys.attributes) this.countKey(h, -1);
      for (const h of keys.joint) this.countKey(h, -1);
      this.countKey(PERSONS_KEY, -1);
      this.personCount = null;
    } else {
      this.s.deleteDocKey.run(id, keys.number);
    }
  }

  /** Name-part frequencies; batched in memory during bulk builds, written through otherwise. */
  private countKey(h: number, delta: number): void {
    if (this.pendingCounts !== null) this.pendingCounts.set(h, (this.pendingCounts.get(h) ?? 0) + delta);
    else this.s.addCount.run(h, delta);
  }

  private flushCounts(): void {
    if (this.pendingCounts === null) return;
    for (const [h, delta] of this.pendingCounts) this.s.addCount.run(h, delta);
    this.pendingCounts = null;
  }

  private flushBulkKeys(): void {
    if (this.bulkKeys === null) return;
    const buffer = this.bulkKeys;
    this.bulkKeys = null;
    buffer.writeSorted(this.db);
  }

  private persons(): number {
    // Kept as a counter beside the name-part counts: counting a million rows would make the
    // first check after start-up take a second.
    this.personCount ??= (this.s.getCount.get(PERSONS_KEY) as number | undefined) ?? (this.s.personCount.get() as number | undefined) ?? 0;
    return this.personCount;
  }

  // ---- the post's travellers ---------------------------------------------------------------

  /**
   * Counts checked travellers' name parts and nationalities (TravellerFrequencies): once enough are
   * counted, the namesake estimate follows the post's travellers instead of the list's composition.
   * The post runtime records each traveller it checks; `borderpost match history` seeds the counts
   * from an export of past crossings. One transaction.
   */
  recordTravellers(travellers: Iterable<Traveller>): number {
    const normaliser = this.normaliser;
    function* keysOf(): Generator<{ partKeys: string[]; nationality: string | null }> {
      for (const traveller of travellers) {
        const prepared = prepareTraveller(traveller, normaliser);
        yield { partKeys: countKeysOf(prepared.tokens), nationality: prepared.nationality };
      }
    }
    return this.db.transaction(() => this.frequencies.record(keysOf()))();
  }

  /**
   * The whole-name namesake estimate for a traveller (list entries expected to carry the name by
   * chance, list-wide and within the traveller's nationality): for tests and for explaining a score.
   */
  namesakeEstimate(traveller: Traveller): { namesakes: number; withNationality: number } {
    const context = namesakeContext(this.counts, prepareTraveller(traveller, this.normaliser));
    return { namesakes: context.expectedNamesakes ?? 0, withNationality: context.namesakesWithNationality ?? 0 };
  }

  /** How many travellers the namesake estimate has counted (0: it follows the list alone). */
  travellerHistory(): number {
    return this.frequencies.travellers();
  }

  /** Forgets the counted travellers. */
  clearTravellerHistory(): void {
    this.frequencies.clear();
  }

  private putList(list: AlertListDoc): void {
    const threshold = list.thresholds?.person ?? DEFAULT_PERSON_THRESHOLD;
    this.s.putList.run(list.listId, list.version, threshold, JSON.stringify(list));
    this.thresholds.set(list.listId, threshold);
  }

  /** Adds, replaces or (with `removed: true`) removes one entry; older versions never win. */
  private writeEntry(doc: AlertEntryDoc, assumeNew = false): 'upserted' | 'removed' | 'ignored' {
    checkEntry(doc);
    const existing = assumeNew ? undefined : (this.s.getEntryByDocId.get(doc._id) as { id: number; list_version: number; doc: string } | undefined);
    if (existing !== undefined) {
      if (existing.list_version > doc.listVersion) return 'ignored';
      this.deleteKeys(existing.id, JSON.parse(existing.doc) as AlertEntryDoc);
    }
    if (doc.removed === true) {
      if (existing !== undefined) this.s.deleteEntry.run(existing.id);
      return 'removed';
    }
    const json = JSON.stringify(doc);
    let id: number;
    if (existing !== undefined) {
      this.s.updateEntry.run(doc.listVersion, json, existing.id);
      id = existing.id;
    } else {
      id = Number(this.s.insertEntry.run(doc._id, doc.listId, doc.listVersion, doc.type === 'alert-person' ? 'person' : 'document', json).lastInsertRowid);
    }
    this.insertKeys(id, doc);
    return 'upserted';
  }

  /**
   * Applies list documents as they arrive by replication, in one transaction, and records the
   * replication checkpoint with them (a projection keeps its checkpoint with its rows).
   */
  applyDocuments(docs: Iterable<AlertDoc>, checkpoint?: string): ApplyResult {
    const result: ApplyResult = { lists: 0, upserted: 0, removed: 0, ignored: 0 };
    this.db.transaction(() => {
      for (const doc of docs) {
        if (doc.type === 'alert-list') {
          const current = this.s.getList.get(doc.listId) as { version: number } | undefined;
          if (current !== undefined && current.version > doc.version) result.ignored += 1;
          else {
            this.putList(doc);
            result.lists += 1;
          }
        } else if (doc.type === 'alert-person' || doc.type === 'alert-document') {
          result[this.writeEntry(doc)] += 1;
        } else {
          throw new BorderpostError('MATCH_NOT_ALERT_DOCUMENT', `not an alert-list document: ${JSON.stringify((doc as { _id?: unknown })._id)}`);
        }
      }
      if (checkpoint !== undefined) this.s.putState.run('checkpoint', checkpoint);
    })();
    return result;
  }

  /**
   * Replaces a whole list with a newer version (an import): entries not in the new version are
   * removed. One transaction: on any error the previous version stays as it was.
   */
  replaceList(list: AlertListDoc, entries: Iterable<AlertEntryDoc>, options: { fresh?: boolean; allowShrink?: boolean } = {}): ApplyResult {
    const result: ApplyResult = { lists: 1, upserted: 0, removed: 0, ignored: 0 };
    const run = this.db.transaction(() => {
      const current = this.s.getList.get(list.listId) as { version: number } | undefined;
      if (current !== undefined && current.version >= list.version) {
        throw new BorderpostError('MATCH_LIST_VERSION_NOT_NEWER', `list ${list.listId} is at version ${current.version}; the import has version ${list.version}`);
      }
      const held = options.fresh === true ? 0 : (this.s.listSize.get(list.listId) as number);
      this.putList(list);
      if (options.fresh === true) {
        this.pendingCounts = new Map();
        this.bulkKeys = new KeyRowBuffer();
      }
      let incoming = 0;
      for (const entry of entries) {
        if (entry.listId !== list.listId || entry.listVersion !== list.version) {
          throw new BorderpostError('MATCH_ENTRY_LIST_MISMATCH', `entry ${entry._id} does not belong to ${list.listId} version ${list.version}`);
        }
        result[this.writeEntry(entry, options.fresh === true)] += 1;
        incoming += 1;
      }
      // A file cut short (a download stopped after the header, an export of the wrong table) is
      // still a well-formed list: refuse a version with no entries, or with less than half the
      // entries of the one it replaces, unless told it is meant.
      if (options.allowShrink !== true && (incoming === 0 || incoming < held * MIN_SHARE_KEPT)) {
        throw new BorderpostError(incoming === 0 ? 'MATCH_LIST_EMPTY' : 'MATCH_LIST_SHRINKS', `list ${list.listId} version ${list.version} has ${incoming} entries${held > 0 ? ` where the version it replaces has ${held}` : ''}; if that is meant, import it with allowShrink (borderpost match build --allow-shrink)`, { incoming, held });
      }
      for (const stale of this.s.staleEntries.all(list.listId, list.version) as { id: number; doc: string }[]) {
        this.deleteKeys(stale.id, JSON.parse(stale.doc) as AlertEntryDoc);
        this.s.deleteEntry.run(stale.id);
        result.removed += 1;
      }
      this.flushCounts();
      this.flushBulkKeys();
    });
    try {
      run();
    } finally {
      // A failed import rolls back its rows; its batched counts must go too.
      this.pendingCounts = null;
      this.bulkKeys = null;
      this.personCount = null;
    }
    return result;
  }

  /** Removes a list and all its entries. */
  removeList(listId: string): number {
    return this.db.transaction(() => {
      const rows = this.s.listEntries.all(listId) as { id: number; doc: string }[];
      for (const row of rows) {
        this.deleteKeys(row.id, JSON.parse(row.doc) as AlertEntryDoc);
        this.s.deleteEntry.run(row.id);
      }
      this.db.prepare('DELETE FROM alert_lists WHERE list_id = ?').run(listId);
      this.thresholds.delete(listId);
      return rows.length;
    })();
  }

  checkpoint(): string | null {
    return (this.s.getState.get('checkpoint') as string | undefined) ?? null;
  }

  stats(): IndexStats {
    const counts = new Map((this.s.counts.all() as { list_id: string; persons: number; documents: number }[]).map((r) => [r.list_id, r]));
    const lists = (this.s.allLists.all() as { list_id: string; threshold: number; doc: string }[]).map((row) => {
      const doc = JSON.parse(row.doc) as AlertListDoc;
      const c = counts.get(row.list_id);
      return { listId: row.list_id, name: doc.name, version: doc.version, threshold: row.threshold, persons: c?.persons ?? 0, documents: c?.documents ?? 0 };
    });
    return {
      lists,
      persons: lists.reduce((s, l) => s + l.persons, 0),
      documents: lists.reduce((s, l) => s + l.documents, 0),
      checkpoint: this.checkpoint(),
    };
  }

  // ---- queries ------------------------------------------------------------------------------

  /** Every hit at or above its list's threshold, best first. */
  query(traveller: Traveller): Hit[] {
    const hits = [...this.queryPerson(traveller), ...this.queryDocument(traveller)];
    hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    return hits;
  }

  /**
   * Candidate retrieval: posting lists of the traveller's pair and single keys within the birth
   * year ±1 (list entries without a date always qualify), accumulated per entry; the best
   * `candidates` entries are scored. A clearly different birth year would score below any threshold
   * anyway (DATE_ADJUSTMENT.different), so the year window loses no alert.
   */
  private collectCandidates(traveller: ReturnType<typeof prepareTraveller>, context: ScoreContext, threshold: number): number[] {
    const { singles, pairs } = travellerIndexKeys(traveller);
    const year = traveller.birthDate?.year ?? null;
    const pairWeight = new Map<number, number>();
    const singleWeight = new Map<number, number>();
    // Best case for each listed birth date: identical names, same nationality, same sex.
    const bestCase = new Map<number, number>();
    const possible = new Set<number>();
    const reachable = (birth: number): boolean => {
      let bound = bestCase.get(birth);
      if (bound === undefined) {
        const listed = birth === 0 ? [] : [parsePartialDate(birthText(birth))].filter((d) => d !== null);
        // Agreeing sex and nationality are the best case: they add, and they lower the namesake estimate.
        bound = 1 + qualify(traveller, { birthDates: listed, sex: traveller.sex, nationalities: traveller.nationality === null ? [] : [traveller.nationality] }, context).adjustment;
        bestCase.set(birth, bound);
      }
      return bound >= threshold - SCORE_ROUNDING;
    };
    const date = traveller.birthDate;
    const exactBirth = date !== null && date.month !== null && date.day !== null ? date.year * 10000 + date.month * 100 + date.day : null;
    // Dates that differ from the traveller's by common data noise: a year off on the same day, day
    // and month swapped. Read first too, and ranked as high as the exact date.
    const nearBirths = new Set<number>();
    if (exactBirth !== null && date !== null) {
      nearBirths.add(exactBirth - 10000);
      nearBirths.add(exactBirth + 10000);
      if (date.day! <= 12 && date.day !== date.month) nearBirths.add(date.year * 10000 + date.day! * 100 + date.month!);
    }
    const lookup = (target: Map<number, number>, key: string, limit: number): void => {
      const h = keyHash(key);
      const seen = new Set<number>();
      const read: Row[] = [];
      this.readPostings(h, limit, { year, exactBirth, nearBirths }, (rows) => {
        for (const row of rows) {
          if (seen.has(row[0])) continue; // one entry with several birth dates, or read twice
          seen.add(row[0]);
          read.push(row);
        }
      });
      // A key few entries share says more than one thousands share (MOHAMED|ZIKAMOU against
      // MOHAMED|DIALLO): candidates are ranked by the rarity of the keys they share before the cap,
      // so a positive behind a rare key is not crowded out by the namesakes of a common one.
      const rarity = 1 / Math.log2(2 + read.length);
      for (const [entry, birth] of read) {
        if (reachable(birth)) possible.add(entry);
        const bonus = birth === exactBirth || nearBirths.has(birth) ? 1.5 : year !== null && Math.floor(birth / 10000) === year ? 0.5 : 0;
        target.set(entry, (target.get(entry) ?? 0) + (1 + bonus) * rarity);
      }
    };
    for (const key of pairs) lookup(pairWeight, key, PAIR_LIMIT);
    for (const key of singles) lookup(singleWeight, key, SINGLE_LIMIT);
    // An entry is dropped only when none of its listed dates could reach the threshold.
    const keep = (entry: number): boolean => possible.has(entry);
    // Entries sharing two name parts come first; entries sharing one part are the fallback for a
    // part misspelt beyond its key (OCR, typing), and only the best few are scored.
    const paired = [...pairWeight.entries()].filter(([entry]) => keep(entry)).map(([entry, w]) => [entry, w * 3 + (singleWeight.get(entry) ?? 0)] as [number, number]);
    paired.sort((a, b) => b[1] - a[1]);
    const chosen = paired.slice(0, this.candidates).map(([entry]) => entry);
    const singleOnly = [...singleWeight.entries()].filter(([entry]) => !pairWeight.has(entry) && keep(entry));
    singleOnly.sort((a, b) => b[1] - a[1]);
    for (const [entry] of singleOnly.slice(0, this.fallbackCandidates)) chosen.push(entry);
    return chosen;
  }

  /**
   * Reads one key's postings for the traveller's birth year. A year's postings are read whole when
   * they fit under the cap. When they do not (a common name), the likeliest dates are read on their
   * own first — the exact birth date, a year off on the same day, day and month swapped, the year
   * listed alone — so the cap never hides them. Then the years either side and entries without a date.
   */
  private readPostings(h: number, limit: number, date: { year: number | null; exactBirth: number | null; nearBirths: Set<number> }, add: (rows: Row[]) => void): void {
    const { year, exactBirth, nearBirths } = date;
    if (year === null) {
      add(this.s.keyAnyYear.all(h, limit) as Row[]);
      return;
    }
    const from = year * 10000;
    const window = (lo: number, hi: number, cap: number): boolean => {
      const rows = this.s.keyWindow.all(h, lo, hi, cap) as Row[];
      add(rows);
      return rows.length === cap;
    };
    const exact = (birth: number): void => add(this.s.keyWindow.all(h, birth, birth, limit) as Row[]);
    if (window(from, from + 9999, limit)) {
      if (exactBirth !== null) exact(exactBirth);
      for (const near of nearBirths) if (Math.floor(near / 10000) === year) exact(near);
      exact(from);
    }
    for (const side of [from - 10000, from + 10000]) {
      if (window(side, side + 9999, limit >> 1)) for (const near of nearBirths) if (Math.floor(near / 10000) === side / 10000) exact(near);
    }
    add(this.s.keyWindow.all(h, 0, 0, Math.min(limit, UNKNOWN_YEAR_LIMIT)) as Row[]);
  }

  private queryPerson(traveller: Traveller): Hit[] {
    const prepared = prepareTraveller(traveller, this.normaliser);
    if (!prepared.tokens.some((t) => t.particle === null)) return [];
    const context = namesakeContext(this.counts, prepared);
    // Lists may differ in threshold: pre-filter with the most lenient one.
    const lowest = Math.min(DEFAULT_PERSON_THRESHOLD, ...this.thresholds.values());
    const hits: Hit[] = [];
    for (const entry of this.collectCandidates(prepared, context, lowest)) {
      const row = this.s.getEntry.get(entry) as { list_id: string; kind: string; doc: string } | undefined;
      if (row === undefined || row.kind !== 'person') continue;
      const doc = JSON.parse(row.doc) as AlertPersonDoc;
      const threshold = this.thresholds.get(row.list_id) ?? DEFAULT_PERSON_THRESHOLD;
      const qualifiers = qualify(prepared, preparePersonQualifiers(doc), context);
      // Even identical names would stay under the threshold (another birth date, a common name
      // without a confirming date): no need to align the names.
      if (1 + qualifiers.adjustment < threshold - SCORE_ROUNDING) continue;
      const person = preparePerson(doc, this.normaliser);
      const result = scorePerson(prepared, person, context, qualifiers);
      if (result.score < threshold) continue;
      hits.push({ id: doc._id, score: result.score, kind: 'person', explanation: explainPersonScore(prepared, person, result), reasons: personScoreReasons(prepared, person, result), listId: doc.listId, instruction: doc.instruction });
    }
    return hits;
  }

  private queryDocument(traveller: Traveller): Hit[] {
    const number = traveller.documentNumber ?? '';
    if (number.trim().length === 0) return [];
    const key = documentKey(traveller.issuingState ?? '', number, this.normaliser);
    if (key.number.length === 0) return [];
    const entries = new Set<number>([...(this.s.docByNumber.all(key.number) as number[]), ...(this.s.docByFolded.all(key.folded) as number[])]);
    const hits: Hit[] = [];
    for (const entry of entries) {
      const row = this.s.getEntry.get(entry) as { list_id: string; kind: string; doc: string } | undefined;
      if (row === undefined || row.kind !== 'document') continue;
      const doc = JSON.parse(row.doc) as AlertEntryDoc;
      if (doc.type !== 'alert-document') continue;
      const listed = documentKey(doc.issuingState, doc.documentNumber, this.normaliser);
      const comparison = compareDocuments(key, listed);
      if (comparison.kind === 'none') continue;
      hits.push({
        id: doc._id,
        score: comparison.kind === 'exact' ? 1 : POSSIBLE_DOCUMENT_SCORE,
        kind: comparison.kind === 'exact' ? 'document' : 'document-possible',
        explanation: explainDocument(key, listed, comparison, doc.documentType),
        reasons: documentReasons(key, listed, comparison, doc.documentType),
        listId: doc.listId,
        instruction: doc.instruction,
      });
    }
    return hits;
  }
}

function birthText(birth: number): string {
  const year = Math.floor(birth / 10000);
  const month = Math.floor(birth / 100) % 100;
  const day = birth % 100;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return month === 0 ? String(year) : day === 0 ? `${year}-${pad(month)}` : `${year}-${pad(month)}-${pad(day)}`;
}

/**
 * Key rows of a bulk build. Inserting millions of rows in random key order into the key B-tree
 * thrashes the page cache once the tree outgrows it (a 1M-entry list); buffering them and inserting
 * in key order turns that into appends.
 */
class KeyRowBuffer {
  private keys = new Float64Array(1 << 16);
  private years = new Int32Array(1 << 16);
  private entries = new Int32Array(1 << 16);
  private length = 0;

  push(key: number, year: number, entry: number): void {
    if (this.length === this.keys.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.keys = grow(this.keys, (n) => new Float64Array(n));
      this.years = grow(this.years, (n) => new Int32Array(n));
      this.entries = grow(this.entries, (n) => new Int32Array(n));
    }
    this.keys[this.length] = key;
    this.years[this.length] = year;
    this.entries[this.length] = entry;
    this.length += 1;
  }

  writeSorted(db: SqliteDatabase): void {
    const { keys, years, entries } = this;
    const order = new Uint32Array(this.length);
    for (let i = 0; i < order.length; i += 1) order[i] = i;
    order.sort((a, b) => keys[a]! - keys[b]! || years[a]! - years[b]! || entries[a]! - entries[b]!);
    const BATCH = 200;
    const many = db.prepare(`INSERT OR IGNORE INTO alert_name_keys (key, birth, entry) VALUES ${new Array(BATCH).fill('(?, ?, ?)').join(', ')}`);
    const one = db.prepare('INSERT OR IGNORE INTO alert_name_keys (key, birth, entry) VALUES (?, ?, ?)');
    const params = new Array<number>(BATCH * 3);
    let i = 0;
    for (; i + BATCH <= order.length; i += BATCH) {
      for (let j = 0; j < BATCH; j += 1) {
        const row = order[i + j]!;
        params[j * 3] = keys[row]!;
        params[j * 3 + 1] = years[row]!;
        params[j * 3 + 2] = entries[row]!;
      }
      many.run(params);
    }
    for (; i < order.length; i += 1) {
      const row = order[i]!;
      one.run(keys[row]!, years[row]!, entries[row]!);
    }
  }
}

/** Documents from replication are checked before they touch the index. */
function checkEntry(doc: AlertEntryDoc): void {
  const bad = (what: string): never => {
    throw new BorderpostError('MATCH_BAD_ALERT_DOCUMENT', `${String((doc as { _id?: unknown })._id)}: ${what}`);
  };
  if (typeof doc._id !== 'string' || typeof doc.listId !== 'string' || typeof doc.entryId !== 'string') bad('needs _id, listId and entryId');
  if (!Number.isInteger(doc.listVersion) || doc.listVersion < 1) bad('listVersion must be an integer ≥ 1');
  if (doc.removed === true) return;
  if (doc.type === 'alert-person') {
    if (!Array.isArray(doc.names) || doc.names.length === 0) bad('a person needs at least one name');
    if (!Array.isArray(doc.birthDates) || !Array.isArray(doc.nationalities)) bad('birthDates and nationalities must be arrays');
  } else if (typeof doc.documentNumber !== 'string' || typeof doc.issuingState !== 'string') {
    bad('a document needs issuingState and documentNumber');
  }
}
