import { type PouchConstructor } from './pouch-types';

const applied = new Set<unknown>();

/**
 * PouchDB with the HTTP adapter and replication; storage adapters are added by the caller (the post's
 * SQLite adapter from `@borderpost/docstore` in the runtime, the memory adapter in tests).
 *
 * `PouchDB.plugin` mutates the one shared `pouchdb-core` constructor and throws when a plugin is applied
 * twice, so each plugin is applied once per process, however many callers ask.
 */
export function pouchWithReplication(...plugins: unknown[]): PouchConstructor {
  /* eslint-disable @typescript-eslint/no-require-imports -- PouchDB 9 packages are CommonJS without types */
  const PouchDB = require('pouchdb-core') as { plugin(plugin: unknown): unknown; adapters: Record<string, unknown>; replicate?: unknown };
  if (!PouchDB.adapters.http) PouchDB.plugin(require('pouchdb-adapter-http'));
  if (typeof PouchDB.replicate !== 'function') PouchDB.plugin(require('pouchdb-replication'));
  /* eslint-enable @typescript-eslint/no-require-imports */
  for (const plugin of plugins) {
    if (applied.has(plugin)) continue;
    PouchDB.plugin(plugin);
    applied.add(plugin);
  }
  return PouchDB as unknown as PouchConstructor;
}
