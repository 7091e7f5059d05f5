import PouchDB from 'pouchdb-core';
import memoryAdapter from 'pouchdb-adapter-memory';
import replication from 'pouchdb-replication';
import httpAdapter from 'pouchdb-adapter-http';
import { sqliteAdapter } from '../adapter';

/** A PouchDB constructor with the sqlite, memory and http adapters and replication, for tests. */
export const TestPouch = PouchDB.plugin(sqliteAdapter as unknown as PouchDB.Plugin)
  .plugin(memoryAdapter)
  .plugin(httpAdapter as unknown as PouchDB.Plugin)
  .plugin(replication);
