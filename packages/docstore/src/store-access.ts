import { BorderpostError } from '@borderpost/common';
import { STORE } from './adapter';
import type { SqliteStore } from './store';

/** The SQLite store behind a PouchDB database opened with the `sqlite` adapter. */
export function storeOf(db: object): SqliteStore {
  const store = (db as { [STORE]?: SqliteStore })[STORE];
  if (!store) throw new BorderpostError('DOCSTORE_NOT_SQLITE', 'this database was not opened with the sqlite adapter');
  if (!store.isOpen) throw new BorderpostError('DOCSTORE_CLOSED', `${store.file} is closed`);
  return store;
}

/**
 * Changes the encryption key of an open store (a passphrase, a raw 32-byte Buffer, or `null` to
 * decrypt). The database must be idle: PouchDB calls are synchronous per transaction, so any
 * operation already acknowledged has committed before the rekey starts.
 */
export function changeEncryptionKey(db: object, newKey: string | Buffer | null): void {
  storeOf(db).changeKey(newKey);
}
