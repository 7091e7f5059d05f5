import { type PouchConstructor } from './pouch-types';

/**
 * PouchDB with the HTTP adapter and replication; storage adapters are added by the caller (the post's
 * SQLite adapter from `@borderpost/docstore` in the runtime, the memory adapter in tests).
 */
export function pouchWithReplication(...plugins: unknown[]): PouchConstructor {
  /* eslint-disable @typescript-eslint/no-require-imports -- PouchDB 9 packages are CommonJS without types */
  let PouchDB = require('pouchdb-core').plugin(require('pouchdb-adapter-http')).plugin(require('pouchdb-replication'));
  /* eslint-enable @typescript-eslint/no-require-imports */
  for (const plugin of plugins) PouchDB = PouchDB.plugin(plugin);
  return PouchDB as PouchConstructor;
}
