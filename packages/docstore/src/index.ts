export { sqliteAdapter, SqlitePouch } from './adapter';
export { changeEncryptionKey, storeOf } from './store-access';
export type { SqliteStore } from './store';
