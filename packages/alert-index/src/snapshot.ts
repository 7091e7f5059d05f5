import fs from 'node:fs';
import { BorderpostError } from '@borderpost/common';
import { type SqliteDatabase, schemaVersion } from '@borderpost/sqlite';
import { AlertIndex, type AlertIndexOptions, KEY_ALGORITHM } from './alert-index';
import { COMPONENT, MIGRATIONS } from './schema';

const TABLES = ['alert_lists', 'alert_entries', 'alert_name_keys', 'alert_document_keys', 'alert_key_counts', 'alert_index_state'] as const;

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Provisions a new post's alert index from a snapshot file (an index written by `buildIndexFile` /
 * `borderpost match build`), instead of replicating a million list documents one by one. The
 * snapshot's tables are copied inside one transaction (SQLite does the copying, rows and derived
 * keys alike, so it takes seconds); the post's previous alert index is replaced as a whole, or left
 * as it was when anything fails. The snapshot's replication checkpoint comes along, so replication
 * resumes from where the snapshot was cut.
 */
export function provisionFromSnapshot(db: SqliteDatabase, snapshotPath: string, options: AlertIndexOptions & { snapshotKey?: string } = {}): AlertIndex {
  if (!fs.existsSync(snapshotPath)) throw new BorderpostError('MATCH_SNAPSHOT_NOT_FOUND', `no snapshot at ${snapshotPath}`);
  AlertIndex.open(db, options); // the post's own tables exist and are current
  const key = options.snapshotKey ?? '';
  try {
    db.exec(`ATTACH DATABASE ${sqlString(snapshotPath)} AS snapshot KEY ${sqlString(key)}`);
  } catch (error) {
    throw new BorderpostError('MATCH_SNAPSHOT_BAD', `cannot open snapshot ${snapshotPath}: ${(error as Error).message}`, undefined, { cause: error });
  }
  try {
    let version: number;
    let algorithm: string | undefined;
    try {
      const row = db.prepare('SELECT max(version) AS v FROM snapshot.schema_migrations WHERE component = ?').get(COMPONENT) as { v: number | null };
      version = row.v ?? 0;
      algorithm = db.prepare("SELECT value FROM snapshot.alert_index_state WHERE name = 'key_algorithm'").pluck().get() as string | undefined;
    } catch (error) {
      throw new BorderpostError('MATCH_SNAPSHOT_BAD', `${snapshotPath} is not an alert index snapshot: ${(error as Error).message}`, undefined, { cause: error });
    }
    if (version !== MIGRATIONS.length) {
      throw new BorderpostError('MATCH_SNAPSHOT_VERSION', `snapshot schema version ${version}, this program needs ${MIGRATIONS.length}`);
    }
    db.transaction(() => {
      for (const table of TABLES) db.exec(`DELETE FROM main.${table}`);
      for (const table of TABLES) db.exec(`INSERT INTO main.${table} SELECT * FROM snapshot.${table}`);
    }).immediate();
    if (algorithm !== KEY_ALGORITHM) {
      // Keys from another algorithm: the documents are the truth, derive the keys again.
      AlertIndex.open(db, options).rebuildKeys();
    }
  } finally {
    db.exec('DETACH DATABASE snapshot');
  }
  if (schemaVersion(db, COMPONENT) !== MIGRATIONS.length) throw new BorderpostError('MATCH_SNAPSHOT_BAD', 'alert index schema missing after provisioning');
  return AlertIndex.open(db, options);
}
