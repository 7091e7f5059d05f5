import type { AlertIndex } from '@borderpost/alert-index';
import type { Traveller } from '@borderpost/matching';
import { newPostDocId } from '@borderpost/schemas';
import { type Migration, type SqliteDatabase, migrate } from '@borderpost/sqlite';
import { setImmediate as nextTurnOfEventLoop } from 'node:timers/promises';
import { travellerOfCrossing } from './alert-traveller';

/**
 * The start-up backfill of the alert index's traveller history: a station that ran for months before the
 * history existed counts the crossings already in its post database once, instead of waiting for 1000
 * new ones before the namesake estimate follows its own travellers.
 *
 * Its progress is a runtime-owned row in the alert index's own SQLite file (its own migration component,
 * as `@borderpost/sqlite` intends for components sharing a file), because that is the only place it can
 * be committed in the SAME transaction as the counts: each page of crossings is counted and the row moved
 * past it at once. A crash half-way resumes after the last committed page; nothing is counted twice.
 *
 * Which crossings: those whose id sorts below a `cutoff` id minted when the backfill first began. Crossing
 * ids are ULIDs from the one monotonic factory of `@borderpost/schemas` (`newPostDocId`), so every capture
 * started later in this process sorts above it — and those are counted at commit by the capture service.
 * Practice crossings live in the training database, which is never read here.
 */

const COMPONENT = 'runtime-traveller-backfill';

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'runtime traveller backfill state',
    up: `CREATE TABLE runtime_traveller_backfill (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      post_id TEXT NOT NULL,
      cutoff TEXT NOT NULL,
      after TEXT NOT NULL,
      crossings INTEGER NOT NULL DEFAULT 0,
      recorded INTEGER NOT NULL DEFAULT 0,
      started_at TEXT NOT NULL,
      finished_at TEXT
    )`,
  },
];

/** Where a backfill stands (one row per alert index). */
export interface TravellerBackfillState {
  postId: string;
  /** Crossings with an id below it existed before the backfill began. */
  cutoff: string;
  /** The last crossing id counted (or the id prefix before the first page). */
  after: string;
  /** Crossings read so far, and travellers among them the history counted (those with a usable name). */
  crossings: number;
  recorded: number;
  startedAt: string;
  finishedAt: string | null;
}

interface StateRow {
  post_id: string;
  cutoff: string;
  after: string;
  crossings: number;
  recorded: number;
  started_at: string;
  finished_at: string | null;
}

function readState(db: SqliteDatabase): TravellerBackfillState | null {
  const row = db.prepare('SELECT post_id, cutoff, after, crossings, recorded, started_at, finished_at FROM runtime_traveller_backfill WHERE id = 1').get() as StateRow | undefined;
  if (!row) return null;
  return { postId: row.post_id, cutoff: row.cutoff, after: row.after, crossings: row.crossings, recorded: row.recorded, startedAt: row.started_at, finishedAt: row.finished_at };
}

/** The backfill's state in this alert index (null: it never began). */
export function travellerBackfillState(db: SqliteDatabase): TravellerBackfillState | null {
  migrate(db, COMPONENT, MIGRATIONS);
  return readState(db);
}

/**
 * Forgets the backfill, so the next start counts the post database's crossings again. Only together with
 * clearing the traveller history (`borderpost post seed-history --clear`), or they would count twice.
 */
export function resetTravellerBackfill(db: SqliteDatabase): void {
  migrate(db, COMPONENT, MIGRATIONS);
  db.prepare('DELETE FROM runtime_traveller_backfill').run();
}

/**
 * Begins (or resumes) the backfill; null when it already finished. Synchronous and to be called before
 * the capture services can commit anything: the cutoff must be minted before any new crossing id.
 */
export function beginTravellerBackfill(db: SqliteDatabase, postId: string, now: () => Date = () => new Date()): TravellerBackfillState | null {
  migrate(db, COMPONENT, MIGRATIONS);
  const existing = readState(db);
  if (existing) return existing.finishedAt === null ? existing : null;
  const prefix = `crossing:${postId}:`;
  // INSERT OR IGNORE: should another handle have begun meanwhile, its cutoff stands.
  db.prepare('INSERT OR IGNORE INTO runtime_traveller_backfill (id, post_id, cutoff, after, started_at) VALUES (1, ?, ?, ?, ?)').run(postId, newPostDocId('crossing', postId), prefix, now().toISOString());
  return readState(db);
}

/** The slice of the post's PouchDB the backfill reads (key-range pages of `allDocs`). */
export interface CrossingPages {
  allDocs(options: { include_docs: true; startkey: string; endkey: string; inclusive_end: false; limit: number }): Promise<{ rows: Array<{ id: string; doc?: unknown }> }>;
}

export interface TravellerBackfillOptions {
  local: CrossingPages;
  index: AlertIndex;
  state: TravellerBackfillState;
  /** Crossings read and counted per transaction (bounds memory and each synchronous step). */
  pageSize?: number;
  /** Checked between pages: the runtime stops (the backfill resumes at the next start). */
  stopped?: () => boolean;
  now?: () => Date;
}

export interface TravellerBackfillResult {
  finished: boolean;
  /** Crossings read and travellers recorded in this run (not counting an earlier, interrupted run). */
  crossings: number;
  recorded: number;
  /** The traveller history afterwards. */
  travellers: number;
  /** The longest synchronous step (counting one page): how long the event loop was held at most. */
  longestPageMs: number;
}

// Measured on 50,000 crossings (2 cores, loaded): 200 per page holds the event loop ~35 ms (p99), 2 s in all.
const DEFAULT_PAGE_SIZE = 200;

/** Counts the crossings below the cutoff, page by page, each page one transaction with the progress row. */
export async function runTravellerBackfill(o: TravellerBackfillOptions): Promise<TravellerBackfillResult> {
  const { index } = o;
  const db = index.db;
  const pageSize = o.pageSize ?? DEFAULT_PAGE_SIZE;
  const now = o.now ?? (() => new Date());
  const advance = db.prepare('UPDATE runtime_traveller_backfill SET after = ?, crossings = crossings + ?, recorded = recorded + ?, finished_at = ? WHERE id = 1');
  let after = o.state.after;
  let crossings = 0;
  let recorded = 0;
  let longestPageMs = 0;
  for (;;) {
    // The post store's allDocs answers without giving the event loop a turn (measured: 50,000 crossings
    // held it for 1.5 s with no timer running): each page waits for one, so the officer's calls interleave.
    await nextTurnOfEventLoop();
    if (o.stopped?.()) return { finished: false, crossings, recorded, travellers: index.travellerHistory(), longestPageMs };
    // startkey is inclusive: one more row, and the last one counted (if still there) is dropped.
    const page = await o.local.allDocs({ include_docs: true, startkey: after, endkey: o.state.cutoff, inclusive_end: false, limit: pageSize + 1 });
    if (o.stopped?.()) return { finished: false, crossings, recorded, travellers: index.travellerHistory(), longestPageMs };
    const rows = page.rows.filter((row) => row.id > after).slice(0, pageSize);
    const last = rows.length < pageSize;
    const travellers: Traveller[] = [];
    for (const row of rows) {
      const traveller = travellerOfCrossing(row.doc);
      if (traveller) travellers.push(traveller);
    }
    const started = performance.now();
    let pageRecorded = 0;
    db.transaction(() => {
      // recordTravellers' own transaction becomes a savepoint in this one: counts and progress commit together.
      pageRecorded = index.recordTravellers(travellers);
      advance.run(rows.length > 0 ? rows[rows.length - 1]!.id : after, rows.length, pageRecorded, last ? now().toISOString() : null);
    })();
    longestPageMs = Math.max(longestPageMs, performance.now() - started);
    crossings += rows.length;
    recorded += pageRecorded;
    if (rows.length > 0) after = rows[rows.length - 1]!.id;
    if (last) return { finished: true, crossings, recorded, travellers: index.travellerHistory(), longestPageMs };
  }
}
