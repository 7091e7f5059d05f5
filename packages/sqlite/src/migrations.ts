import fs from 'node:fs';
import path from 'node:path';
import { BorderpostError } from '@borderpost/common';
import type { SqliteDatabase } from './open';

export interface Migration {
  /** 1, 2, 3 … with no gaps. */
  version: number;
  name: string;
  /** SQL text, or a function for data-changing steps that need code. */
  up: string | ((db: SqliteDatabase) => void);
}

const LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  component TEXT NOT NULL,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  PRIMARY KEY (component, version)
)`;

/**
 * Applies the pending migrations of one component (several components — document store, projections,
 * alert index — share a file, so versions are tracked per component in `schema_migrations` rather than
 * in the single `PRAGMA user_version`). All pending steps run in one transaction: either the component
 * reaches the latest version or nothing changes. A database written by a newer version is refused.
 */
export function migrate(db: SqliteDatabase, component: string, migrations: readonly Migration[]): number {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new BorderpostError('SQLITE_MIGRATION_ORDER', `${component}: migration ${migration.name} has version ${migration.version}, expected ${index + 1}`);
    }
  });
  const apply = db.transaction(() => {
    db.exec(LEDGER);
    const row = db.prepare('SELECT max(version) AS version FROM schema_migrations WHERE component = ?').get(component) as { version: number | null };
    const current = row.version ?? 0;
    if (current > migrations.length) {
      throw new BorderpostError(
        'SQLITE_SCHEMA_TOO_NEW',
        `${component}: the database is at schema version ${current}, this program knows ${migrations.length}; upgrade the program`,
      );
    }
    const record = db.prepare('INSERT INTO schema_migrations (component, version, name, applied_at) VALUES (?, ?, ?, ?)');
    for (const migration of migrations.slice(current)) {
      if (typeof migration.up === 'string') db.exec(migration.up);
      else migration.up(db);
      record.run(component, migration.version, migration.name, new Date().toISOString());
    }
    return migrations.length;
  });
  return apply.immediate();
}

/** The schema version a component is at (0 when it has never been migrated). */
export function schemaVersion(db: SqliteDatabase, component: string): number {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!exists) return 0;
  const row = db.prepare('SELECT max(version) AS version FROM schema_migrations WHERE component = ?').get(component) as { version: number | null };
  return row.version ?? 0;
}

/**
 * Reads `NNNN-name.sql` files from a folder (for example a package's `migrations/`), in number order.
 * Keep the folder outside `src/` and resolve it from `__dirname/..` so it works from `src` and `dist`.
 */
export function readMigrationsDir(dir: string): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((file) => /^\d{4}-[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.replace(/\.sql$/, ''),
      up: fs.readFileSync(path.join(dir, file), 'utf8'),
    }));
}
