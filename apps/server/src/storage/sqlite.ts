import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { migrate, openDatabase, readMigrationsDir, type SqliteDatabase } from '@borderpost/sqlite';
import { type Row, type SqlDatabase, type SqlExecutor, assertNoNul } from './sql';

/** `$1 … $n` → `?` with the parameters reordered, so SQL is written once for both dialects. */
export function toSqliteStatement(sql: string, params: readonly unknown[]): { sql: string; params: unknown[] } {
  const ordered: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, index: string) => {
    ordered.push(sqliteValue(params[Number(index) - 1]));
    return '?';
  });
  return { sql: text, params: ordered };
}

function sqliteValue(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined) return null;
  return value;
}

export const SQLITE_MIGRATIONS_DIR = path.join(__dirname, '..', '..', 'migrations', 'sqlite');

/**
 * Embedded SQLite (the default: `npx borderpost server` needs nothing else installed). better-sqlite3
 * is synchronous, so statements cannot interleave; transactions, however, span `await`s in shared
 * code, so every unit of work goes through one FIFO queue: another request's statement never runs
 * inside somebody else's open transaction.
 */
export class SqliteSqlDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  private readonly db: SqliteDatabase;
  private readonly statements = new Map<string, ReturnType<SqliteDatabase['prepare']>>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly events = new EventEmitter();
  private closed = false;

  constructor(file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = openDatabase(file);
    migrate(this.db, 'server', readMigrationsDir(SQLITE_MIGRATIONS_DIR));
    this.events.setMaxListeners(0);
  }

  private prepare(sql: string) {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private direct: SqlExecutor = {
    dialect: 'sqlite',
    query: async <T = Row>(sql: string, params: readonly unknown[] = []) => {
      assertNoNul(params);
      const statement = toSqliteStatement(sql, params);
      return this.prepare(statement.sql).all(statement.params) as T[];
    },
    execute: async (sql: string, params: readonly unknown[] = []) => {
      assertNoNul(params);
      const statement = toSqliteStatement(sql, params);
      return this.prepare(statement.sql).run(statement.params).changes;
    },
  };

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the database is closed'));
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return this.enqueue(() => this.direct.query<T>(sql, params));
  }

  execute(sql: string, params?: readonly unknown[]): Promise<number> {
    return this.enqueue(() => this.direct.execute(sql, params));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.enqueue(async () => {
      const pending: string[] = [];
      const tx: SqlExecutor & { pending: string[] } = { ...this.direct, pending };
      this.db.prepare('BEGIN IMMEDIATE').run();
      try {
        const value = await work(tx);
        this.db.prepare('COMMIT').run();
        for (const db of new Set(pending)) this.events.emit('change', db);
        return value;
      } catch (error) {
        if (this.db.inTransaction) this.db.prepare('ROLLBACK').run();
        throw error;
      }
    });
  }

  async notifyAfterCommit(tx: SqlExecutor, db: string): Promise<void> {
    const pending = (tx as SqlExecutor & { pending?: string[] }).pending;
    if (pending) pending.push(db);
    else this.events.emit('change', db);
  }

  onChange(listener: (db: string) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue;
    this.closed = true;
    this.db.close();
  }
}
