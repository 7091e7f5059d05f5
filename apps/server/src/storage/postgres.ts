import { EventEmitter } from 'node:events';
import path from 'node:path';
import { Pool, type PoolClient, types } from 'pg';
import { BorderpostError } from '@borderpost/common';
import { readMigrationsDir } from '@borderpost/sqlite';
import { type Row, type SqlDatabase, type SqlExecutor, assertNoNul } from './sql';

export const POSTGRES_MIGRATIONS_DIR = path.join(__dirname, '..', '..', 'migrations', 'postgres');
const CHANNEL = 'borderpost_changes';
/** Arbitrary constant: serialises migrations of several instances starting at once. */
const MIGRATION_LOCK = 7_245_001;

// BIGINT (oid 20) as a JS number: sequences and counters stay far below 2^53.
const parsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (value: string) => Number(value) : types.getTypeParser(oid, format as 'text')) as typeof types.getTypeParser,
};

function executor(client: Pool | PoolClient): SqlExecutor {
  return {
    dialect: 'postgres',
    query: async <T = Row>(sql: string, params: readonly unknown[] = []) => {
      assertNoNul(params);
      return (await client.query(sql, params as unknown[])).rows as T[];
    },
    execute: async (sql: string, params: readonly unknown[] = []) => {
      assertNoNul(params);
      return (await client.query(sql, params as unknown[])).rowCount ?? 0;
    },
  };
}

/**
 * PostgreSQL (when `DATABASE_URL` is set): a pool for statements and one dedicated connection that
 * LISTENs, so a write on any server instance wakes the longpoll `_changes` requests of all instances.
 */
export class PostgresSqlDatabase implements SqlDatabase {
  readonly dialect = 'postgres' as const;
  private readonly pool: Pool;
  private readonly base: SqlExecutor;
  private listener: PoolClient | null = null;
  private closed = false;
  private readonly events = new EventEmitter();

  private constructor(pool: Pool) {
    this.pool = pool;
    this.base = executor(pool);
    this.events.setMaxListeners(0);
    // An idle client that errors (server restart) must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  static async open(connectionString: string): Promise<PostgresSqlDatabase> {
    const pool = new Pool({ connectionString, max: 10, types: parsers });
    const database = new PostgresSqlDatabase(pool);
    try {
      await database.migrate();
      await database.listen();
    } catch (error) {
      await pool.end().catch(() => undefined);
      if (error instanceof BorderpostError) throw error;
      throw new BorderpostError('SERVER_STORAGE_UNAVAILABLE', `PostgreSQL: ${(error as Error).message}`, undefined, { cause: error });
    }
    return database;
  }

  private async migrate(): Promise<void> {
    const migrations = readMigrationsDir(POSTGRES_MIGRATIONS_DIR);
    await this.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.execute('CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (component, version))');
      const [row] = await tx.query<{ version: number | null }>("SELECT max(version) AS version FROM schema_migrations WHERE component = 'server'");
      const current = row?.version ?? 0;
      if (current > migrations.length) {
        throw new BorderpostError('SERVER_SCHEMA_TOO_NEW', `the database is at schema version ${current}, this program knows ${migrations.length}`);
      }
      for (const migration of migrations.slice(current)) {
        await tx.execute(migration.up as string);
        await tx.execute("INSERT INTO schema_migrations (component, version, name, applied_at) VALUES ('server', $1, $2, $3)", [migration.version, migration.name, new Date().toISOString()]);
      }
    });
  }

  private async listen(): Promise<void> {
    const client = await this.pool.connect();
    let lost = false;
    const onLost = () => {
      if (lost || this.closed) return; // on close the client was released on purpose
      lost = true;
      client.release(true);
      if (this.listener === client) this.listener = null;
      // Until the connection is back, longpolls still end at their timeout; then they wake again.
      if (!this.closed) this.relisten();
    };
    client.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload) this.events.emit('change', message.payload);
    });
    client.on('error', onLost);
    client.on('end', onLost);
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
  }

  private relisten(): void {
    setTimeout(() => {
      if (this.closed) return;
      this.listen().then(
        // Changes committed while nobody listened: wake everyone once so they look.
        () => this.events.emit('change', '*'),
        () => this.relisten(),
      );
    }, 1000).unref();
  }

  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return this.base.query<T>(sql, params);
  }

  execute(sql: string, params?: readonly unknown[]): Promise<number> {
    return this.base.execute(sql, params);
  }

  /**
   * Runs `work` in a transaction; a deadlock or serialization failure (which PostgreSQL resolves by
   * aborting one side) is retried a few times, so a client never sees it as a 500.
   */
  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transactionOnce(work);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (attempt >= 4 || (code !== '40P01' && code !== '40001')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
      }
    }
  }

  private async transactionOnce<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const value = await work(executor(client));
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async notifyAfterCommit(tx: SqlExecutor, db: string): Promise<void> {
    // NOTIFY inside a transaction is delivered on commit, to every listening connection (this one too).
    await tx.query('SELECT pg_notify($1, $2)', [CHANNEL, db]);
  }

  onChange(listener: (db: string) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.listener) {
      this.listener.release();
      this.listener = null;
    }
    await this.pool.end();
  }
}
