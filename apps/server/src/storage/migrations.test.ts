import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { migrate, openDatabase, readMigrationsDir } from '@borderpost/sqlite';
import { freshDatabase, testPostgres, type TestPostgres } from '../testing/postgres';
import { openStorage } from './open';
import { POSTGRES_MIGRATIONS_DIR } from './postgres';
import { SQLITE_MIGRATIONS_DIR } from './sqlite';

jest.setTimeout(60_000);

/** Rows as a server at schema version 4 left them: two live documents and one deleted in post-p1. */
const V4_ROWS = [
  "INSERT INTO databases (name, update_seq, created_at) VALUES ('post-p1', 3, 'x'), ('reference', 0, 'x')",
  "INSERT INTO docs (db, id, rev_tree, winning_rev, deleted, seq) VALUES ('post-p1', 'a', '[]', '1-a', 0, 1), ('post-p1', 'b', '[]', '1-b', 0, 2), ('post-p1', 'c', '[]', '2-c', 1, 3)",
];

describe('migration 0005 (document counts kept with the database)', () => {
  it('counts the documents already stored, on SQLite', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'borderpost-migrate-'));
    try {
      const db = openDatabase(path.join(dir, 'central.sqlite'));
      migrate(db, 'server', readMigrationsDir(SQLITE_MIGRATIONS_DIR).slice(0, 4));
      for (const sql of V4_ROWS) db.exec(sql);
      db.close();
      const storage = await openStorage({ dataDir: dir, databaseUrl: null });
      expect(await storage.docs.databaseInfo('post-p1')).toMatchObject({ doc_count: 2, doc_del_count: 1, update_seq: 3 });
      expect(await storage.docs.databaseInfo('reference')).toMatchObject({ doc_count: 0, doc_del_count: 0 });
      await storage.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('on PostgreSQL', () => {
    let postgres: TestPostgres | null = null;
    beforeAll(async () => {
      postgres = await testPostgres();
    }, 60_000);
    afterAll(async () => {
      await postgres?.stop();
    });

    it('counts the documents already stored', async () => {
      if (!postgres) return; // testPostgres() warned loudly (and throws under CI=true)
      const db = await freshDatabase(postgres.adminUrl);
      try {
        const client = new Client({ connectionString: db.url });
        await client.connect();
        await client.query('CREATE TABLE schema_migrations (component TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (component, version))');
        for (const migration of readMigrationsDir(POSTGRES_MIGRATIONS_DIR).slice(0, 4)) {
          await client.query(migration.up as string);
          await client.query("INSERT INTO schema_migrations VALUES ('server', $1, $2, 'x')", [migration.version, migration.name]);
        }
        for (const sql of V4_ROWS) await client.query(sql);
        await client.end();
        const storage = await openStorage({ dataDir: '/nonexistent', databaseUrl: db.url });
        expect(await storage.docs.databaseInfo('post-p1')).toMatchObject({ doc_count: 2, doc_del_count: 1, update_seq: 3 });
        await storage.close();
      } finally {
        await db.drop();
      }
    });
  });
});
