import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { BorderpostError } from '@borderpost/common';
import { changeKey, migrate, openDatabase, type SqliteDatabase } from '@borderpost/sqlite';
import { DOCSTORE_COMPONENT, docstoreMigrations } from './schema';
import { chunkRange, measureUsableSize, pageGeometry, type PageGeometry } from './attachment-chunks';

/** The part of a better-sqlite3 prepared statement the store uses (positional parameters only). */
export interface Statement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface StoreOptions {
  /** Encryption key (see `@borderpost/sqlite`): a passphrase string or a raw 32-byte Buffer. */
  key?: string | Buffer;
}

/** What a row of `docstore_docs` holds. */
export interface DocRow {
  id: string;
  rev_tree: string;
  winning_rev: string;
  deleted: number;
  winning_seq: number | null;
  seq: number;
}

/**
 * One open SQLite file shared by every PouchDB instance of this process that names it (PouchDB code
 * and tests routinely open the same name twice; two connections would fight over the exclusive lock).
 * Reference counted: the file is closed when the last instance closes.
 */
export class SqliteStore {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly encrypted: boolean;
  private refs = 0;
  /** A digest of the key the file was opened with, to check later opens in this process against. */
  private keyFingerprint: string;
  private statements = new Map<string, Statement>();

  private constructor(file: string, db: SqliteDatabase, key: string | Buffer | undefined) {
    this.file = file;
    this.db = db;
    this.encrypted = key !== undefined;
    this.keyFingerprint = fingerprint(key);
  }

  static open(file: string, options: StoreOptions): SqliteStore {
    const isNew = !fs.existsSync(file);
    let db: SqliteDatabase;
    try {
      db = openDatabase(file, options.key === undefined ? {} : { key: options.key });
    } catch (error) {
      const message = (error as Error).message;
      if (/locked|busy/i.test(message)) {
        throw new BorderpostError('DOCSTORE_LOCKED', `${file} is open for writing in another process`, { file }, { cause: error });
      }
      throw error;
    }
    try {
      if (isNew) {
        // Must precede the first table: lets compaction hand the pages of deleted attachments back to
        // the file system (`incremental_vacuum`) instead of keeping the file at its high-water mark.
        // openDatabase has already written the header, so the setting takes effect through a VACUUM
        // (instant on an empty file).
        db.pragma('auto_vacuum = INCREMENTAL');
        db.exec('VACUUM');
      }
      // One writer per file: in EXCLUSIVE mode the first write takes the database lock and keeps it
      // until close, so a second process (or a second connection) cannot write behind our back. The
      // lock belongs to the process, so the OS releases it when the process dies (even by SIGKILL).
      db.pragma('locking_mode = EXCLUSIVE');
      // After a checkpoint the WAL is cut back to 16 MB instead of keeping the size of the largest
      // transaction ever written (a big replication batch would otherwise leave a WAL of that size).
      db.pragma(`journal_size_limit = ${16 * 1024 * 1024}`);
      // Checkpoints normally run inside the commit that crosses 1000 WAL pages, so one save in sixty
      // pays for copying 4 MB into the database file. The store checkpoints after acknowledging
      // instead (`noteWritten`); SQLite's own automatic checkpoint stays as a backstop at 40 MB for
      // callers that never yield to the event loop.
      db.pragma('wal_autocheckpoint = 10000');
      db.exec('BEGIN IMMEDIATE; COMMIT');
      migrate(db, DOCSTORE_COMPONENT, docstoreMigrations);
      const store = new SqliteStore(file, db, options.key);
      if (store.meta('uuid') === undefined) store.setMeta('uuid', randomUUID());
      return store;
    } catch (error) {
      db.close();
      const message = (error as Error).message;
      if (/locked|busy/i.test(message)) {
        throw new BorderpostError('DOCSTORE_LOCKED', `${file} is open for writing in another process`, { file }, { cause: error });
      }
      throw error;
    }
  }

  /** A cached prepared statement (better-sqlite3 statements are reusable and much cheaper than re-preparing). */
  stmt(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql) as unknown as Statement;
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Deletes revision rows (compaction, stemming, local purge) with their attachment references, then
   * every attachment body no remaining revision uses (chunks included). Call inside a transaction.
   * Returns whether attachment bodies were deleted.
   */
  deleteRevisions(seqs: Iterable<number>): boolean {
    const digests = new Set<string>();
    for (const seq of seqs) {
      for (const { digest } of this.stmt('SELECT digest FROM docstore_attachment_refs WHERE seq = ?').all(seq) as { digest: string }[]) digests.add(digest);
      this.stmt('DELETE FROM docstore_attachment_refs WHERE seq = ?').run(seq);
      this.stmt('DELETE FROM docstore_revs WHERE seq = ?').run(seq);
    }
    let freed = false;
    for (const digest of digests) {
      const unused = this.stmt('SELECT id FROM docstore_attachments WHERE digest = ? AND NOT EXISTS (SELECT 1 FROM docstore_attachment_refs WHERE digest = ?)').get(digest, digest) as
        | { id: number }
        | undefined;
      if (!unused) continue;
      this.stmt('DELETE FROM docstore_attachment_chunks WHERE id >= ? AND id < ?').run(...chunkRange(unused.id));
      this.stmt('DELETE FROM docstore_attachments WHERE id = ?').run(unused.id);
      freed = true;
    }
    return freed;
  }

  meta(key: string): string | undefined {
    const row = this.stmt('SELECT value FROM docstore_meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string | number): void {
    this.stmt('INSERT INTO docstore_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, String(value));
  }

  /**
   * Records roughly how many bytes a committed transaction added to the WAL; past 4 MB a passive
   * checkpoint is scheduled for when the event loop is next free, i.e. after the caller has been told
   * the write is saved. Checkpointing is crash-safe at any point (SQLite replays the WAL).
   */
  noteWritten(bytes: number): void {
    this.walBytes += bytes;
    if (this.walBytes < SqliteStore.CHECKPOINT_BYTES || this.checkpointScheduled) return;
    this.checkpointScheduled = true;
    setImmediate(() => {
      this.checkpointScheduled = false;
      if (!this.db.open) return;
      this.walBytes = 0;
      try {
        this.db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // A failed checkpoint loses nothing (the WAL still holds the pages); the backstop retries.
      }
    });
  }

  private static readonly CHECKPOINT_BYTES = 4 * 1024 * 1024;
  private walBytes = 0;
  private checkpointScheduled = false;

  get updateSeq(): number {
    return Number(this.meta('update_seq') ?? 0);
  }

  get docCount(): number {
    return Number(this.meta('doc_count') ?? 0);
  }

  get uuid(): string {
    return this.meta('uuid') ?? '';
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  private geometry: PageGeometry | undefined;

  /** Page geometry attachment chunks are sized to, measured once per open (and again after a rekey, which may change the reserve). */
  get pageGeometry(): PageGeometry {
    this.geometry ??= pageGeometry(measureUsableSize(this.db));
    return this.geometry;
  }

  /** Re-encrypts (or encrypts, or with `null` decrypts) the whole file in place. */
  changeKey(newKey: string | Buffer | null): void {
    this.statements.clear();
    this.geometry = undefined;
    changeKey(this.db, newKey, this.encrypted);
    (this as { encrypted: boolean }).encrypted = newKey !== null;
    this.keyFingerprint = fingerprint(newKey ?? undefined);
  }

  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }

  /** Registry of the stores open in this process, by absolute path. */
  private static registry = new Map<string, SqliteStore>();

  static acquire(name: string, options: StoreOptions): SqliteStore {
    const file = path.resolve(name);
    let store = SqliteStore.registry.get(file);
    if (!store || !store.isOpen) {
      store = SqliteStore.open(file, options);
      SqliteStore.registry.set(file, store);
    } else if (store.keyFingerprint !== fingerprint(options.key)) {
      // The connection is already open and decrypted: without this check a second open in the same
      // process would be let in with any key, or none.
      throw new BorderpostError('SQLITE_WRONG_KEY', options.key === undefined ? `${file} is encrypted` : `wrong key for ${file}`, { file });
    }
    store.refs += 1;
    return store;
  }

  /** Drops one reference; closes the file when it was the last. */
  release(): void {
    this.refs -= 1;
    if (this.refs <= 0) this.forceClose();
  }

  /** Closes the file whatever the reference count (destroy). */
  forceClose(): void {
    this.refs = 0;
    if (SqliteStore.registry.get(this.file) === this) SqliteStore.registry.delete(this.file);
    this.close();
  }
}

function fingerprint(key: string | Buffer | undefined): string {
  if (key === undefined) return 'plain';
  return createHash('sha256').update(Buffer.isBuffer(key) ? 'raw:' + key.toString('hex') : 'passphrase:' + key).digest('hex');
}

/** Removes a store's files: the database and the WAL and shared-memory files SQLite keeps beside it. */
export function removeStoreFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    fs.rmSync(file + suffix, { force: true });
  }
}
