import { postIdOfDatabase } from '@borderpost/schemas';
import type { FastifyBaseLogger } from 'fastify';
import type { DocStore, JsonObject } from '../storage/doc-store';
import type { SqlDatabase, SqlExecutor } from '../storage/sql';

const BATCH = 200;

/** A post document as a projection sees it: the winning revision, or null once deleted. */
export type ProjectedDoc = JsonObject & { _id: string; _rev: string; _deleted?: boolean };

export interface FeedProjection {
  /** For log lines. */
  name: string;
  /**
   * Table of this projection's checkpoints, `(db TEXT PRIMARY KEY, seq, updated_at)`. Each projection
   * keeps its own, so one can be dropped and rebuilt without touching the others.
   */
  checkpointTable: string;
  /** Writes the rows of one document (null: deleted); must be idempotent, it may run twice after a crash. */
  project(tx: SqlExecutor, id: string, doc: ProjectedDoc | null): Promise<void>;
}

/**
 * Follows the changes of every post database into SQL tables, couch2pg style: each batch's rows and
 * its checkpoint commit in one transaction, so a crash never skips or half-applies a batch, and
 * dropping the tables plus the checkpoints rebuilds them. Runs are serialised in this process (a change
 * during a run schedules exactly one more); upserts are idempotent, so two instances on one PostgreSQL
 * database only repeat work.
 */
export class PostFeedFollower {
  private running: Promise<void> | null = null;
  private again = false;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;

  constructor(
    protected readonly sql: SqlDatabase,
    protected readonly docs: DocStore,
    private readonly log: FastifyBaseLogger,
    private readonly projection: FeedProjection,
  ) {
    if (!/^[a-z_]+$/.test(projection.checkpointTable)) throw new Error(`bad checkpoint table name ${projection.checkpointTable}`);
  }

  start(): void {
    this.unsubscribe = this.sql.onChange((db) => {
      if (db === '*' || postIdOfDatabase(db) !== null) this.schedule();
    });
    this.schedule();
  }

  /** Resolves when everything committed so far has been projected. */
  async catchUp(): Promise<void> {
    this.schedule();
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    while (this.running) await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.projectAll();
        } catch (error) {
          this.log.error({ err: error, projection: this.projection.name }, 'projection run failed; it is retried on the next change');
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = null;
    });
  }

  private async projectAll(): Promise<void> {
    for (const { name } of await this.docs.listDatabases()) {
      if (postIdOfDatabase(name) === null) continue;
      while (!this.stopped && (await this.projectBatch(name))) {
        /* next batch */
      }
    }
  }

  /** Projects one batch of `db`; true when there may be more. */
  async projectBatch(db: string): Promise<boolean> {
    const table = this.projection.checkpointTable;
    const [checkpoint] = await this.sql.query<{ seq: number }>(`SELECT seq FROM ${table} WHERE db = $1`, [db]);
    const feed = await this.docs.changes(db, { since: Number(checkpoint?.seq ?? 0), limit: BATCH, allDocs: false });
    if (feed.results.length === 0) return false;
    // Bodies are read before the transaction (a revision's body never changes); the transaction holds
    // only the projection writes and the checkpoint.
    const bodies: { id: string; doc: ProjectedDoc | null }[] = [];
    for (const change of feed.results) {
      const meta = await this.docs.getMeta(db, change.id);
      const doc = meta && !meta.deleted ? ((await this.docs.readRevision(db, change.id, meta, meta.winningRev)) as ProjectedDoc | null) : null;
      bodies.push({ id: change.id, doc });
    }
    const lastSeq = feed.results[feed.results.length - 1]!.seq;
    await this.sql.transaction(async (tx) => {
      for (const { id, doc } of bodies) await this.projection.project(tx, id, doc);
      await tx.execute(
        `INSERT INTO ${table} (db, seq, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (db) DO UPDATE SET seq = CASE WHEN excluded.seq > ${table}.seq THEN excluded.seq ELSE ${table}.seq END, updated_at = excluded.updated_at`,
        [db, lastSeq, new Date().toISOString()],
      );
    });
    return feed.results.length === BATCH;
  }
}
