import path from 'node:path';
import { REFERENCE_DATABASE } from '@borderpost/schemas';
import { AccessStore } from '../auth/access-store';
import type { ServerConfig } from '../config';
import { DocStore } from './doc-store';
import { PostgresSqlDatabase } from './postgres';
import type { SqlDatabase } from './sql';
import { SqliteSqlDatabase } from './sqlite';

export interface Storage {
  sql: SqlDatabase;
  docs: DocStore;
  access: AccessStore;
  close(): Promise<void>;
}

export const SQLITE_FILE = 'central.sqlite';

/** PostgreSQL when a database URL is configured, otherwise embedded SQLite in the data directory. */
export async function openStorage(config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'>): Promise<Storage> {
  const sql: SqlDatabase = config.databaseUrl ? await PostgresSqlDatabase.open(config.databaseUrl) : new SqliteSqlDatabase(path.join(config.dataDir, SQLITE_FILE));
  const docs = new DocStore(sql);
  await docs.createDatabase(REFERENCE_DATABASE);
  await docs.serverUuid();
  return { sql, docs, access: new AccessStore(sql, docs), close: () => sql.close() };
}
