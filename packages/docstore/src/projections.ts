import { BorderpostError } from '@borderpost/common';
import { migrate, type Migration, type SqliteDatabase } from '@borderpost/sqlite';
import { storeOf } from './store-access';
import type { DocRow, SqliteStore } from './store';

/** One entry of the changes feed as a projection sees it: the document's winning revision. */
export interface ProjectionChange {
  id: string;
  /** The document's update sequence (its position in the changes feed). */
  seq: number;
  /** The winning revision is a deletion. */
  deleted: boolean;
  /** The winning revision's body with `_id` and `_rev` (a tombstone's body when deleted). */
  doc: Record<string, unknown> & { _id: string; _rev: string };
}

/**
 * A projection: SQL tables derived from the documents (documents are the truth). `apply` is called
 * for each change, in feed order, inside the transaction that also advances the projection's
 * checkpoint, so rows and checkpoint commit together or not at all. A document can reappear in the
 * feed with a newer revision; `apply` must therefore replace what it wrote for that document id
 * (delete-then-insert), never just append.
 */
export interface Projection {
  /** Unique, `[a-z0-9_-]+`; names the checkpoint and the migration component `projection:<name>`. */
  name: string;
  /** Numbered migrations creating and evolving the projection's tables (see `@borderpost/sqlite`). */
  migrations: Migration[];
  /** The tables (and views) the projection owns, dropped by `rebuild`. */
  tables: string[];
  apply(db: SqliteDatabase, change: ProjectionChange): void;
}

export interface ProjectionRunnerOptions {
  /** Changes applied per transaction (default 500). */
  batchSize?: number;
}

interface FeedRow extends DocRow {
  json: string | null;
}

const NAME = /^[a-z0-9_-]{1,64}$/;

/**
 * Runs projections over a PouchDB database opened with the `sqlite` adapter, on the same SQLite file
 * (same connection) as the documents. `catchUp()` applies everything since each checkpoint;
 * `follow()` keeps doing so as the changes feed moves. After a crash the next `catchUp()` resumes
 * from the last committed checkpoint, so no change is applied twice or skipped.
 */
export class ProjectionRunner {
  private readonly store: SqliteStore;
  private readonly projections: Map<string, Projection>;
  private readonly batchSize: number;
  private feed: { cancel(): void } | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly pouch: PouchDB.Database<object>,
    projections: Projection[],
    options: ProjectionRunnerOptions = {},
  ) {
    this.store = storeOf(pouch);
    this.batchSize = options.batchSize ?? 500;
    this.projections = new Map();
    for (const projection of projections) {
      if (!NAME.test(projection.name)) throw new BorderpostError('DOCSTORE_PROJECTION_NAME', `invalid projection name ${JSON.stringify(projection.name)}`);
      if (this.projections.has(projection.name)) throw new BorderpostError('DOCSTORE_PROJECTION_NAME', `duplicate projection ${projection.name}`);
      this.projections.set(projection.name, projection);
      migrate(this.store.db, `projection:${projection.name}`, projection.migrations);
    }
  }

  /** The last change (update sequence) a projection has applied. */
  checkpoint(name: string): number {
    this.projection(name);
    const row = this.store.stmt('SELECT seq FROM docstore_projection_checkpoints WHERE name = ?').get(name) as { seq: number } | undefined;
    return row?.seq ?? 0;
  }

  /** Applies every change since each projection's checkpoint; resolves with the new checkpoints. */
  async catchUp(): Promise<Record<string, number>> {
    // Runs are serialised: two overlapping runs would read the same checkpoint and apply twice.
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.applyAll();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
    return Object.fromEntries([...this.projections.keys()].map((name) => [name, this.checkpoint(name)]));
  }

  /** Follows the changes feed: every committed write is projected shortly after. */
  follow(onError: (error: unknown) => void = () => undefined): void {
    if (this.feed) return;
    const feed = this.pouch.changes({ live: true, since: 'now', return_docs: false });
    feed.on('change', () => this.schedule(onError));
    feed.on('error', onError);
    this.feed = feed;
    this.schedule(onError);
  }

  /** Stops following and waits for a run in progress. */
  async stop(): Promise<void> {
    this.feed?.cancel();
    this.feed = undefined;
    while (this.running) await this.running.catch(() => undefined);
  }

  /** Drops a projection's tables and checkpoint, recreates them from its migrations and replays the feed. */
  async rebuild(name: string): Promise<number> {
    const projection = this.projection(name);
    while (this.running) await this.running.catch(() => undefined);
    const db = this.store.db;
    db.transaction(() => {
      for (const table of projection.tables) db.exec(`DROP TABLE IF EXISTS "${table.replace(/"/g, '""')}"`);
      db.prepare('DELETE FROM schema_migrations WHERE component = ?').run(`projection:${name}`);
      db.prepare('DELETE FROM docstore_projection_checkpoints WHERE name = ?').run(name);
      migrate(db, `projection:${name}`, projection.migrations);
    }).immediate();
    await this.catchUp();
    return this.checkpoint(name);
  }

  private projection(name: string): Projection {
    const projection = this.projections.get(name);
    if (!projection) throw new BorderpostError('DOCSTORE_PROJECTION_UNKNOWN', `no projection named ${name}`);
    return projection;
  }

  private schedule(onError: (error: unknown) => void): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.catchUp().then(
      () => {
        if (this.again && this.feed) {
          this.again = false;
          this.schedule(onError);
        }
      },
      (error) => onError(error),
    );
  }

  private async applyAll(): Promise<void> {
    for (const projection of this.projections.values()) {
      while (this.applyBatch(projection)) {
        // Let other work (requests, the UI process) run between batches of a long catch-up.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  /** One transaction: a batch of changes and the checkpoint after them. Returns whether more remain. */
  private applyBatch(projection: Projection): boolean {
    if (!this.store.isOpen) throw new BorderpostError('DOCSTORE_CLOSED', `${this.store.file} is closed`);
    const db = this.store.db;
    return db
      .transaction(() => {
        const since = this.checkpoint(projection.name);
        const rows = this.store
          .stmt(
            `SELECT d.*, r.json FROM docstore_docs d LEFT JOIN docstore_revs r ON r.seq = d.winning_seq
             WHERE d.seq > ? ORDER BY d.seq LIMIT ?`,
          )
          .all(since, this.batchSize) as FeedRow[];
        if (rows.length === 0) return false;
        for (const row of rows) {
          const doc = { ...(JSON.parse(row.json ?? '{}') as Record<string, unknown>), _id: row.id, _rev: row.winning_rev };
          try {
            projection.apply(db, { id: row.id, seq: row.seq, deleted: row.deleted === 1, doc });
          } catch (error) {
            throw new BorderpostError(
              'DOCSTORE_PROJECTION_FAILED',
              `projection ${projection.name} failed on ${row.id} (seq ${row.seq}): ${(error as Error).message}`,
              { projection: projection.name, docId: row.id, seq: row.seq },
              { cause: error },
            );
          }
        }
        const last = rows[rows.length - 1] as FeedRow;
        this.store
          .stmt('INSERT INTO docstore_projection_checkpoints (name, seq) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq')
          .run(projection.name, last.seq);
        return rows.length === this.batchSize;
      })
      .immediate();
  }
}
