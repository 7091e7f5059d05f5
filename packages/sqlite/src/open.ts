import Database from 'better-sqlite3-multiple-ciphers';
import { BorderpostError } from '@borderpost/common';

export type SqliteDatabase = Database.Database;

export interface OpenOptions {
  /**
   * Encryption key (SQLCipher v4 compatible, via SQLite3 Multiple Ciphers). Without it the file is
   * plain SQLite. A string is used as a passphrase; a Buffer as a raw 32-byte key.
   */
  key?: string | Buffer;
  readonly?: boolean;
  /** Milliseconds to wait for another connection's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

/** `PRAGMA key`/`rekey` argument: a raw key as `x'hex'`, a passphrase as a quoted string. */
function keyLiteral(key: string | Buffer): string {
  if (Buffer.isBuffer(key)) {
    if (key.length !== 32) throw new BorderpostError('SQLITE_BAD_KEY', 'a raw database key must be 32 bytes');
    return `"x'${key.toString('hex')}'"`;
  }
  if (key.length === 0) throw new BorderpostError('SQLITE_BAD_KEY', 'an empty database key is not allowed');
  return `'${key.replace(/'/g, "''")}'`;
}

function applyCipher(db: SqliteDatabase): void {
  // SQLCipher 4 defaults, so the file can be opened by other SQLCipher tools during an investigation.
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
}

/**
 * Opens (or creates) a SQLite file with the settings every Borderpost store relies on:
 * - WAL journal, so readers never block the writer;
 * - `synchronous=FULL`: in WAL mode NORMAL may lose the last transactions on power loss, and a record
 *   the officer was told is saved must survive a power cut;
 * - foreign keys on, a busy timeout instead of immediate SQLITE_BUSY.
 * A wrong or missing key surfaces as `SQLITE_WRONG_KEY`, never as a half-open handle.
 */
export function openDatabase(path: string, options: OpenOptions = {}): SqliteDatabase {
  let db: SqliteDatabase;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    throw new BorderpostError('SQLITE_OPEN_FAILED', `cannot open database ${path}: ${(error as Error).message}`, undefined, { cause: error });
  }
  try {
    if (options.key !== undefined) {
      applyCipher(db);
      db.pragma(`key=${keyLiteral(options.key)}`);
    }
    // The first read of the schema is where a wrong key shows ("file is not a database").
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    if (error instanceof BorderpostError) throw error;
    const message = (error as Error).message;
    if (/not a database|encrypted/i.test(message)) {
      throw new BorderpostError(
        'SQLITE_WRONG_KEY',
        options.key === undefined ? `${path} is encrypted or not a database` : `wrong key for ${path}`,
        undefined,
        { cause: error },
      );
    }
    throw new BorderpostError('SQLITE_OPEN_FAILED', `cannot open database ${path}: ${message}`, undefined, { cause: error });
  }
}

/**
 * Changes (or sets, or with `null` removes) the encryption key of an open database. SQLite3 Multiple
 * Ciphers cannot rekey in WAL mode, so the WAL is checkpointed into the main file, the journal switched
 * to DELETE for the rekey and back to WAL after. No other connection may have the file open.
 */
export function changeKey(db: SqliteDatabase, newKey: string | Buffer | null, wasEncrypted: boolean): void {
  const wasWal = db.pragma('journal_mode', { simple: true }) === 'wal';
  if (wasWal) {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE');
  }
  try {
    if (!wasEncrypted && newKey !== null) applyCipher(db);
    db.pragma(`rekey=${newKey === null ? "''" : keyLiteral(newKey)}`);
  } finally {
    if (wasWal) db.pragma('journal_mode = WAL');
  }
}
