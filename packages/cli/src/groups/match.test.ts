import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AlertIndex } from '@borderpost/alert-index';
import { openDatabase } from '@borderpost/sqlite';
import { runCli } from '../testing';

const fixtures = path.join(__dirname, '..', '..', '..', 'matching', 'fixtures');
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-cli-match-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('borderpost match', () => {
  it('builds an index from each format and checks travellers read as JSON Lines', async () => {
    const index = path.join(dir, 'alerts.db');
    const csv = await runCli(['match', 'build', '--list', path.join(fixtures, 'list.csv'), '--format', 'csv', '--out', index]);
    expect(csv.code).toBe(0);
    expect(csv.lines[0]).toMatchObject({ list: { listId: 'list', version: 1, persons: 3, documents: 2, threshold: 0.8 }, issues: [] });
    const un = await runCli(['match', 'build', '--list', path.join(fixtures, 'un-consolidated-sample.xml'), '--format', 'un-xml', '--out', index]);
    expect(un.lines[0]).toMatchObject({ list: { listId: 'un-sc-consolidated', version: 1, persons: 4 } });
    expect(un.lines[0]).toMatchObject({ issues: [{ code: 'MATCH_ROW_BAD_DATE', severity: 'warning' }, { code: 'MATCH_ROW_BAD_COUNTRY', severity: 'warning' }] });
    const ofac = await runCli(['match', 'build', '--list', path.join(fixtures, 'ofac', 'sdn.csv'), '--format', 'ofac-sdn', '--out', index, '--threshold', '0.85']);
    expect(ofac.lines[0]).toMatchObject({ list: { listId: 'ofac-sdn', persons: 3, documents: 2, threshold: 0.85 } });
    const json = await runCli(['match', 'build', '--list', path.join(fixtures, 'list.json'), '--format', 'json', '--out', index]);
    expect(json.lines[0]).toMatchObject({ list: { listId: 'national-watchlist', version: 3 } });

    const travellers = [
      { surname: 'JALLOW', givenNames: 'MAMADU ALFA', birthDate: '1980-03-12', sex: 'M', nationality: 'GIN' },
      { surname: 'KUYATEH', givenNames: 'IBRAHIM SORI', birthDate: '1977-03-14', documentNumber: 'RO7392I5', issuingState: 'GIN' },
      { surname: 'TRAWALLY', givenNames: 'FATOUMATA', birthDate: '1991-05-23', sex: 'F' },
      { surname: 'NOBODY', givenNames: 'IN PARTICULAR', birthDate: '1990-01-02' },
    ];
    const out = await runCli(['match', 'query', '--index', index], travellers.map((t) => JSON.stringify(t)).join('\n') + '\n');
    expect(out.code).toBe(0);
    expect(out.lines).toHaveLength(4);
    const [first, second, third, fourth] = out.lines as { hits: { id: string; score: number; kind: string; explanation: string }[] }[];
    expect(first!.hits[0]).toMatchObject({ id: 'alert-person:list:P-001', kind: 'person' });
    expect(first!.hits[0]!.explanation).toContain('born 1980-03-12 = 1980-03-12');
    expect(second!.hits.map((h) => [h.id, h.kind])).toEqual(
      expect.arrayContaining([['alert-person:ofac-sdn:36001', 'person'], ['alert-document:ofac-sdn:36001-passport1', 'document-possible']]),
    );
    expect(second!.hits.map((h) => h.score)).toEqual([...second!.hits.map((h) => h.score)].sort((a, b) => b - a));
    expect(third!.hits[0]).toMatchObject({ id: 'alert-person:national-watchlist:NW-1' });
    expect(fourth!.hits).toEqual([]);
  });

  it('refuses a file with bad rows unless told to skip them, and a bad file, changing nothing', async () => {
    const index = path.join(dir, 'alerts.db');
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'kind,entry_id,surname,given_names,birth_dates\nperson,A1,DIALLO,Mamadou,1980\nperson,A2,,,1980\nperson,A3,BAH,Ousmane,19xx\n');
    const refused = await runCli(['match', 'build', '--list', bad, '--format', 'csv', '--out', index]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr)).toMatchObject({ error: { code: 'MATCH_LIST_BAD_ROWS', details: { errors: [{ row: 3, code: 'MATCH_ROW_NO_NAME' }, { row: 4, code: 'MATCH_ROW_BAD_DATE' }] } } });
    expect(fs.existsSync(index)).toBe(false);
    const skipped = await runCli(['match', 'build', '--list', bad, '--format', 'csv', '--out', index, '--skip-bad-rows']);
    expect(skipped.lines[0]).toMatchObject({ list: { persons: 1, version: 1 } });
    fs.writeFileSync(bad, 'kind,entry_id\nperson,"broken\n');
    const broken = await runCli(['match', 'build', '--list', bad, '--format', 'csv', '--out', index]);
    expect(JSON.parse(broken.stderr)).toMatchObject({ error: { code: 'MATCH_FILE_BAD_FORMAT' } });
    const usage = await runCli(['match', 'build', '--list', bad, '--format', 'xlsx', '--out', index]);
    expect(usage.code).toBe(2);
    const query = await runCli(['match', 'query', '--index', index], '{"surname":"DIALLO","givenNames":"MAMADOU","birthDate":"1980-01-01"}\n');
    expect((query.lines[0] as { hits: { id: string }[] }).hits.map((h) => h.id)).toEqual(['alert-person:bad:A1']);
  });

  it('refuses a list file cut short (no entries, or under half of the held version) unless --allow-shrink, and an empty threshold', async () => {
    const index = path.join(dir, 'alerts.db');
    const csv = path.join(fixtures, 'list.csv');
    expect((await runCli(['match', 'build', '--list', csv, '--format', 'csv', '--out', index])).code).toBe(0);
    const cut = path.join(dir, 'cut.csv');
    fs.writeFileSync(cut, `${fs.readFileSync(csv, 'utf8').split('\n')[0]}\n`);
    const refused = await runCli(['match', 'build', '--list', cut, '--format', 'csv', '--out', index, '--list-id', 'list']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr)).toMatchObject({ error: { code: 'MATCH_LIST_EMPTY', details: { incoming: 0, held: 5 } } });
    const still = await runCli(['match', 'query', '--index', index], '{"surname":"DIALLO","givenNames":"MAMADOU","birthDate":"1980-03-12"}\n');
    expect((still.lines[0] as { hits: { id: string }[] }).hits.map((h) => h.id)).toContain('alert-person:list:P-001');
    const meant = await runCli(['match', 'build', '--list', cut, '--format', 'csv', '--out', index, '--list-id', 'list', '--allow-shrink']);
    expect(meant.lines[0]).toMatchObject({ removed: 5 });
    expect((await runCli(['match', 'build', '--list', cut, '--format', 'csv', '--out', path.join(dir, 'new.db')])).code).toBe(1);
    expect((await runCli(['match', 'build', '--list', csv, '--format', 'csv', '--out', path.join(dir, 'other.db'), '--threshold', ''])).code).toBe(2);
  });

  it('answers a bad traveller line with an error line and exit code 1, keeping lines aligned', async () => {
    const index = path.join(dir, 'alerts.db');
    await runCli(['match', 'build', '--list', path.join(fixtures, 'list.csv'), '--format', 'csv', '--out', index]);
    const out = await runCli(['match', 'query', '--index', index], 'not json\n{"surname":"DIALLO","givenNames":"MAMADOU ALPHA","birthDate":"1980-03-12"}\n{"birthDate":"1980"}\n');
    expect(out.code).toBe(1);
    expect(out.lines).toMatchObject([{ hits: [], error: { code: 'MATCH_BAD_TRAVELLER' } }, { hits: [{ id: 'alert-person:list:P-001' }] }, { hits: [], error: { code: 'MATCH_BAD_TRAVELLER' } }]);
    const missing = await runCli(['match', 'query', '--index', path.join(dir, 'none.db')], '');
    expect(JSON.parse(missing.stderr)).toMatchObject({ error: { code: 'MATCH_INDEX_NOT_FOUND' } });
  });

  describe('history (the namesake estimate follows the post\'s travellers)', () => {
    const jsonLines = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join('\n') + '\n';
    const travellersIn = (file: string): number => {
      const db = openDatabase(file, { readonly: true });
      try {
        return AlertIndex.open(db).travellerHistory();
      } finally {
        db.close();
      }
    };
    const past = [
      { surname: 'DIALLO', givenNames: 'MAMADOU ALPHA', birthDate: '1980-03-12', sex: 'M', nationality: 'GIN' },
      { surname: 'TRAORE', givenNames: 'AWA', nationality: 'MLI' },
      { surname: 'DIALLO', givenNames: 'FATOUMATA BINTA', birthDate: '1991-05-23', sex: 'F', nationality: 'GIN', documentNumber: 'R0000001', issuingState: 'GIN' },
    ];
    let index: string;
    beforeEach(async () => {
      index = path.join(dir, 'alerts.db');
      expect((await runCli(['match', 'build', '--list', path.join(fixtures, 'list.csv'), '--format', 'csv', '--out', index])).code).toBe(0);
    });

    it('counts travellers read as JSON Lines, adds to the counts, and forgets them with --clear', async () => {
      // a document number alone has no name part to count: read, not counted; blank lines are ignored
      const first = await runCli(['match', 'history', '--index', index], jsonLines([...past, { surname: '', givenNames: '', documentNumber: 'X1' }]) + '\n');
      expect(first).toMatchObject({ code: 0, stderr: '', lines: [{ recorded: 3, travellers: 3 }] });
      const more = await runCli(['match', 'history', '--index', index], jsonLines(past.slice(0, 2)));
      expect(more.lines).toEqual([{ recorded: 2, travellers: 5 }]);
      expect(travellersIn(index)).toBe(5);
      const cleared = await runCli(['match', 'history', '--index', index, '--clear'], jsonLines(past.slice(2)));
      expect(cleared).toMatchObject({ code: 0, lines: [{ recorded: 1, travellers: 1 }] });
      expect((await runCli(['match', 'history', '--index', index, '--clear'], '')).lines).toEqual([{ recorded: 0, travellers: 0 }]);
      expect(travellersIn(index)).toBe(0);
      // an export longer than one batch (5000 travellers handed to the index at once)
      const many = Array.from({ length: 5003 }, (_, i) => ({ surname: `TRAVELLER${String.fromCharCode(65 + (i % 26))}`, givenNames: 'AWA', nationality: i % 2 === 0 ? 'GIN' : 'MLI' }));
      expect((await runCli(['match', 'history', '--index', index], jsonLines(many))).lines).toEqual([{ recorded: 5003, travellers: 5003 }]);
      // the lists are untouched
      const query = await runCli(['match', 'query', '--index', index], '{"surname":"DIALLO","givenNames":"MAMADOU ALPHA","birthDate":"1980-03-12"}\n');
      expect(query.lines).toMatchObject([{ hits: [{ id: 'alert-person:list:P-001' }] }]);
    });

    it('refuses an input with bad lines, counting nobody (not even clearing), unless told to skip them', async () => {
      await runCli(['match', 'history', '--index', index], jsonLines(past));
      const input = [JSON.stringify(past[0]), 'not json', '{"birthDate":"1980"}', '{"surname":"BAH","givenNames":7}', JSON.stringify(past[1])].join('\n') + '\n';
      const refused = await runCli(['match', 'history', '--index', index, '--clear'], input);
      expect(refused.code).toBe(1);
      expect(refused.lines).toEqual([]);
      expect(JSON.parse(refused.stderr)).toMatchObject({
        error: {
          code: 'MATCH_BAD_TRAVELLERS',
          details: {
            badLines: 3,
            lines: [
              { line: 2, code: 'MATCH_BAD_TRAVELLER', message: expect.stringContaining('not JSON') },
              { line: 3, code: 'MATCH_BAD_TRAVELLER', message: expect.stringContaining('needs a name') },
              { line: 4, code: 'MATCH_BAD_TRAVELLER', message: 'givenNames must be a string' },
            ],
          },
        },
      });
      expect(travellersIn(index)).toBe(3);
      const skipped = await runCli(['match', 'history', '--index', index, '--skip-bad-lines'], input);
      expect(skipped.code).toBe(0);
      expect(skipped.lines).toMatchObject([{ recorded: 2, travellers: 5, badLines: 3, skipped: [{ line: 2 }, { line: 3 }, { line: 4 }] }]);
      expect(travellersIn(index)).toBe(5);
    });

    it('answers a missing or unreadable index with a coded error, creating nothing', async () => {
      const none = path.join(dir, 'none.db');
      const missing = await runCli(['match', 'history', '--index', none], jsonLines(past));
      expect(missing.code).toBe(1);
      expect(JSON.parse(missing.stderr)).toMatchObject({ error: { code: 'MATCH_INDEX_NOT_FOUND' } });
      expect(fs.existsSync(none)).toBe(false);
      // a directory given by mistake (the station's data directory, say)
      for (const command of ['history', 'query', 'rekey']) {
        const folder = await runCli(['match', command, '--index', dir], jsonLines(past));
        expect({ code: folder.code, error: JSON.parse(folder.stderr).error.code }).toEqual({ code: 1, error: 'MATCH_INDEX_NOT_FOUND' });
      }
      // a station's own index is encrypted with its key: not opened as a plain file
      const sealed = path.join(dir, 'sealed.db');
      const db = openDatabase(sealed, { key: 'station passphrase' });
      AlertIndex.open(db);
      db.close();
      const locked = await runCli(['match', 'history', '--index', sealed], jsonLines(past));
      expect(locked.code).toBe(1);
      expect(JSON.parse(locked.stderr)).toMatchObject({ error: { code: 'SQLITE_WRONG_KEY' } });
      const usage = await runCli(['match', 'history'], '');
      expect(usage.code).toBe(2);
      expect(JSON.parse(usage.stderr)).toMatchObject({ error: { code: 'CLI_USAGE' } });
    });
  });
});
