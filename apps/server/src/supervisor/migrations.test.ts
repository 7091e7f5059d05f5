import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openDatabase, readMigrationsDir } from '@borderpost/sqlite';
import { openStorage } from '../storage/open';
import { SQLITE_MIGRATIONS_DIR } from '../storage/sqlite';

jest.setTimeout(60_000);

/** Console rows as schema version 6 left them: document D1 entered, left, entered again (open); D2 entered then refused exit; D3 only refused. */
const row = (id: string, doc: string, direction: string, outcome: string, at: string, traveller = 'NULL') =>
  `INSERT INTO sv_crossings (id, post_id, station_id, officer_id, direction, outcome, decided_at, day, surname, given_names, birth_date, sex, nationality, issuing_state, document_number, document_code, visa_type, purpose, traveller_id, hit_count, risk_flag_count, mrz_valid, correction_count, clock_offset_ms, read_ms, biometrics_ms, checks_ms, decision_ms, total_ms, rev)
   VALUES ('${id}', 'p1', 's1', 'o1', '${direction}', '${outcome}', '${at}', '${at.slice(0, 10)}', 'X', 'Y', '1980-01-01', 'M', 'NGA', 'NGA', '${doc}', 'P', NULL, 'tourism', ${traveller}, 0, 0, 1, 0, NULL, NULL, NULL, NULL, NULL, 1, '1-a')`;

describe('migrations 0007 and 0008 (newest admitted crossing per document; documents under several records)', () => {
  it('backfills open stays from the crossings already projected, on SQLite', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'borderpost-console-migrate-'));
    try {
      const db = openDatabase(path.join(dir, 'central.sqlite'));
      migrate(db, 'server', readMigrationsDir(SQLITE_MIGRATIONS_DIR).slice(0, 6));
      for (const sql of [
        row('c1', 'D1', 'entry', 'admitted', '2026-01-01T10:00:00.000Z'),
        row('c2', 'D1', 'exit', 'admitted', '2026-01-05T10:00:00.000Z'),
        row('c3', 'D1', 'entry', 'admitted', '2026-02-01T10:00:00.000Z'),
        row('c4', 'D2', 'entry', 'admitted', '2026-01-01T10:00:00.000Z'),
        row('c5', 'D2', 'exit', 'refused', '2026-01-09T10:00:00.000Z', "'t-a'"),
        row('c7', 'D2', 'entry', 'refused', '2026-01-10T10:00:00.000Z', "'t-b'"),
        row('c8', 'D1', 'entry', 'refused', '2026-03-01T10:00:00.000Z', "'t-c'"),
        row('c6', 'D3', 'entry', 'refused', '2026-01-01T10:00:00.000Z'),
      ])
        db.exec(sql);
      db.close();
      const storage = await openStorage({ dataDir: dir, databaseUrl: null });
      const rows = await storage.sql.query<{ document_number: string; crossing_id: string; direction: string }>('SELECT document_number, crossing_id, direction FROM sv_document_last ORDER BY document_number');
      expect(rows).toEqual([
        { document_number: 'D1', crossing_id: 'c3', direction: 'entry' },
        { document_number: 'D2', crossing_id: 'c4', direction: 'entry' },
      ]);
      // 0008: D2 was seen under two traveller records, D1 under one.
      expect(await storage.sql.query('SELECT issuing_state, document_number FROM sv_duplicate_documents')).toEqual([{ issuing_state: 'NGA', document_number: 'D2' }]);
      await storage.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
