/**
 * The one storage seam of the server: a small SQL executor with two implementations (embedded SQLite
 * through `@borderpost/sqlite`, PostgreSQL through `pg`). Everything above it — the document store,
 * auth, projections — is written once against this interface in the common subset of both dialects
 * (`$1` placeholders, `ON CONFLICT`, `RETURNING`); the few differences live in the numbered migrations.
 */
import { badRequest } from './errors';

export type Dialect = 'sqlite' | 'postgres';

export type Row = Record<string, unknown>;

export interface SqlExecutor {
  readonly dialect: Dialect;
  /** Rows of a query. Placeholders are `$1, $2, …` in both dialects. */
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** A statement without rows; resolves to the number of rows changed. */
  execute(sql: string, params?: readonly unknown[]): Promise<number>;
}

export interface SqlDatabase extends SqlExecutor {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Resolves when every queued statement has finished, then releases the connection(s). */
  close(): Promise<void>;
  /**
   * Tells every server instance that `db` changed, once the current transaction commits (PostgreSQL
   * NOTIFY). The SQLite implementation only informs this process.
   */
  notifyAfterCommit(tx: SqlExecutor, db: string): Promise<void>;
  /**
   * Subscribes to change notifications of every instance; returns the unsubscribe function. The name
   * `*` means "anything may have changed" (sent after the notification connection was re-established).
   */
  onChange(listener: (db: string) => void): () => void;
}

/**
 * PostgreSQL cannot store NUL in text values; both implementations refuse it the same way (a 400), so
 * the backends behave identically and no input can turn into a 500.
 */
export function assertNoNul(params: readonly unknown[]): void {
  for (const value of params) {
    if (typeof value === 'string' && value.includes('\u0000')) throw badRequest('text may not contain the NUL character', 'SERVER_NUL_CHARACTER');
  }
}
