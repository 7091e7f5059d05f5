/**
 * Issue 9's analytics on SQLite and PostgreSQL: risk-profile hit statistics (fed by posts over real
 * PouchDB replication, rebuilt by a replay after migration 0010), unusual officer activity in the
 * data-quality queue (configurable thresholds, explained items, recorded decisions), OFAC SDN list
 * import (two files in one request, per-row errors, a bad file changing nothing), and the role matrix
 * of these routes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { exampleDocuments } from '@borderpost/schemas';
import type { FastifyInstance } from 'fastify';
import { SQLITE_MIGRATIONS_DIR } from '../storage/sqlite';
import { TestServer, describeBackends } from '../testing/harness';
import { type PouchDoc, localPouch, remotePouch } from '../testing/pouch';
import { consoleProjectorOf } from './index';
import { CONSOLE_ROLES, type ConsoleRole, ROLE_CAPABILITIES, type Capability } from './roles';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const OFAC = path.resolve(__dirname, '..', '..', '..', '..', 'packages', 'matching', 'fixtures', 'ofac');

interface Fields {
  officerId: string;
  outcome?: 'admitted' | 'refused' | 'referred';
  final?: 'admitted' | 'refused';
  riskFlags?: string[];
  hit?: boolean;
  manual?: boolean;
  totalSeconds?: number;
}

let seed = 100;
/** A crossing decided at `at` by `officerId`, with risk flags, a hit, a hand-typed document or a rushed timing. */
function crossing(postId: string, at: number, fields: Fields): PouchDoc {
  const [doc] = exampleDocuments('crossing', { postId, count: 1, seed: (seed += 1), startTime: at - 60_000 }) as PouchDoc[];
  const c = doc as PouchDoc & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixture surgery
  c.officerId = fields.officerId;
  c.document = { ...c.document, valid: true, source: fields.manual ? 'manual' : 'reader' };
  c.decision = { outcome: fields.outcome ?? 'admitted', at: iso(at) };
  if (fields.final) c.final = { outcome: fields.final, at: iso(at + 900_000), officerId: 'secondary-officer' };
  const total = (fields.totalSeconds ?? 45) * 1000;
  c.timings = { startedAt: iso(at - total), decidedAt: iso(at) };
  c.clock = { stationTime: iso(at), serverOffsetMs: 800 };
  c.checks = {
    ...c.checks,
    hits: fields.hit ? [{ listId: 'national-watchlist', listVersion: 1, entryId: 'P-001', kind: 'person', score: 0.93, explanation: 'name and birth date' }] : [],
    riskFlags: (fields.riskFlags ?? []).map((profileId) => ({ profileId, reason: `matches risk profile ${profileId}` })),
  };
  return c;
}

describeBackends('supervisor console analytics (risk statistics, officer activity, OFAC import)', ({ backend, postgres }) => {
  let test: TestServer;
  let app: FastifyInstance;
  const tokens: Partial<Record<ConsoleRole, string>> = {};
  const stations: Record<string, { token: string }> = {};
  const now = Date.now();

  const call = async (role: ConsoleRole | null, method: string, url: string, payload?: unknown) =>
    app.inject({ method: method as 'GET', url, ...(payload !== undefined ? { payload: payload as object } : {}), headers: role ? { authorization: `Bearer ${tokens[role]}` } : {} });
  const push = async (postId: string, docs: PouchDoc[]) => {
    const pouch = localPouch();
    await pouch.bulkDocs(docs);
    await pouch.replicate.to(remotePouch(`${test.url}/post-${postId}`, stations[postId]!));
    await pouch.destroy();
    await consoleProjectorOf(test.server.storage.sql).catchUp();
  };

  beforeAll(async () => {
    test = await TestServer.start(backend, postgres());
    app = test.server.app;
    for (const role of ['admin', 'supervisor', 'analyst'] as const) tokens[role] = await test.consoleToken(role);
    stations.north = await test.enrolStation('north');
    stations.south = await test.enrolStation('south');
    for (const [id, name, action] of [
      ['young-men', 'Young men travelling alone', 'refer'],
      ['night-buses', 'Night buses', 'flag'],
      ['never-fires', 'Diplomatic pouches', 'flag'],
    ])
      expect((await call('analyst', 'PUT', `/api/console/risk-profiles/${id}`, { name, rule: { sex: 'M' }, action, effectiveFrom: '2026-01-01' })).statusCode).toBe(200);
  });
  afterAll(() => test?.stop());

  describe('risk-profile hit statistics', () => {
    const september = Date.parse('2026-09-15T10:00:00Z');
    const october = Date.parse('2026-10-10T10:00:00Z');
    beforeAll(async () => {
      await push('north', [
        crossing('north', september, { officerId: 'officer-n1', riskFlags: ['young-men'] }),
        crossing('north', september + 3600_000, { officerId: 'officer-n1', riskFlags: ['young-men'], outcome: 'refused', hit: true }),
        crossing('north', september + 7200_000, { officerId: 'officer-n1', riskFlags: ['young-men'], outcome: 'referred', final: 'refused' }),
        crossing('north', october, { officerId: 'officer-n1', riskFlags: ['young-men'], outcome: 'referred' }),
      ]);
      await push('south', [crossing('south', october + 3600_000, { officerId: 'officer-s1', riskFlags: ['young-men', 'night-buses'] })]);
    });

    it('counts flagged crossings per profile with their decisions and secondary outcomes, profiles that never fire included', async () => {
      const response = await call('analyst', 'GET', '/api/console/risk-profiles/stats?from=2026-09-01&to=2026-10-31');
      expect(response.statusCode).toBe(200);
      const stats = response.json().stats as Record<string, unknown>[];
      expect(stats.map((s) => s.profileId)).toEqual(['never-fires', 'night-buses', 'young-men']);
      expect(stats[2]).toMatchObject({
        name: 'Young men travelling alone',
        action: 'refer',
        flagged: 5,
        admitted: 2,
        refused: 1,
        referred: 2,
        secondary: { admitted: 0, refused: 1, pending: 1 },
        withAlertHit: 1,
        refusedShare: 0.4,
      });
      expect(stats[0]).toMatchObject({ flagged: 0, name: 'Diplomatic pouches' });
      expect(stats[1]).toMatchObject({ flagged: 1, admitted: 1 });
    });

    it('splits by post and by month, and filters by post and period', async () => {
      const byPost = (await call('analyst', 'GET', '/api/console/risk-profiles/stats?byPost=true')).json().stats as { profileId: string; postId: string; flagged: number }[];
      expect(byPost.filter((s) => s.profileId === 'young-men').map((s) => [s.postId, s.flagged])).toEqual([
        ['north', 4],
        ['south', 1],
      ]);
      const byMonth = (await call('analyst', 'GET', '/api/console/risk-profiles/stats?period=month&postId=north')).json().stats as { profileId: string; period: string; flagged: number; referred: number }[];
      expect(byMonth.map((s) => [s.profileId, s.period, s.flagged, s.referred])).toEqual([
        ['young-men', '2026-09', 3, 1],
        ['young-men', '2026-10', 1, 1],
      ]);
      const october = (await call('analyst', 'GET', '/api/console/risk-profiles/stats?from=2026-10-01&to=2026-10-31')).json().stats as { profileId: string; flagged: number }[];
      expect(october.find((s) => s.profileId === 'young-men')!.flagged).toBe(2);
      expect((await call('analyst', 'GET', '/api/console/risk-profiles/stats?from=2026-10-31&to=2026-10-01')).json().error.code).toBe('SERVER_BAD_DATES');
    });

    it('follows a correction: the secondary outcome arrives in a new revision of the crossing', async () => {
      const pouch = localPouch();
      const remote = remotePouch(`${test.url}/post-north`, stations.north!);
      await pouch.replicate.from(remote);
      const { rows } = await pouch.allDocs({ include_docs: true, startkey: 'crossing:north:', endkey: 'crossing:north:\uffff' });
      const docs = rows.map((r) => (r as unknown as { doc: PouchDoc & { decision: { outcome: string }; final?: unknown } }).doc);
      const pending = docs.find((d) => d.decision.outcome === 'referred' && !d.final)!;
      await pouch.bulkDocs([{ ...pending, final: { outcome: 'admitted', at: iso(october + 900_000), officerId: 'secondary-officer' } }]);
      await pouch.replicate.to(remote);
      await pouch.destroy();
      await consoleProjectorOf(test.server.storage.sql).catchUp();
      const stats = (await call('analyst', 'GET', '/api/console/risk-profiles/stats')).json().stats as { profileId: string; secondary: unknown }[];
      expect(stats.find((s) => s.profileId === 'young-men')!.secondary).toEqual({ admitted: 1, refused: 1, pending: 0 });
    });

    it('migration 0010 rebuilds the flags of crossings projected before it (the projector replays)', async () => {
      const sql = test.server.storage.sql;
      const before = (await call('analyst', 'GET', '/api/console/risk-profiles/stats?byPost=true&period=day')).json().stats;
      // The state a database projected before 0010 is in: no flag rows, no manual-entry marks.
      await sql.execute('DELETE FROM sv_crossing_flags');
      await sql.execute('UPDATE sv_crossings SET manual_entry = 0');
      const migration = fs.readFileSync(path.join(SQLITE_MIGRATIONS_DIR, '..', backend, '0010-console-risk-and-activity.sql'), 'utf8');
      const reset = /^DELETE FROM sv_projection_checkpoints;$/m.exec(migration);
      expect(reset).not.toBeNull();
      await sql.execute(reset![0]);
      await consoleProjectorOf(sql).catchUp();
      expect((await call('analyst', 'GET', '/api/console/risk-profiles/stats?byPost=true&period=day')).json().stats).toEqual(before);
    });
  });

  describe('unusual officer activity', () => {
    const thresholds = { minBase: { 'hit-override': 2, 'unverified-document': 4, 'fast-decision': 4 }, minEvents: 2, ratio: 3, minExcess: 0.1 };
    beforeAll(async () => {
      const at = (i: number) => now - 2 * DAY + i * 600_000;
      const docs: PouchDoc[] = [];
      // Two ordinary officers: a hit each, refused; documents read by the reader; 45 s per traveller.
      for (const officerId of ['officer-a', 'officer-b']) {
        for (let i = 0; i < 6; i += 1) docs.push(crossing('north', at(docs.length), { officerId, ...(i === 0 ? { hit: true, outcome: 'refused' as const } : {}) }));
      }
      // One who admits every traveller with a hit, types documents by hand and decides in 3 seconds.
      for (let i = 0; i < 6; i += 1) docs.push(crossing('north', at(docs.length), { officerId: 'officer-c', hit: i < 3, manual: i >= 3, totalSeconds: i % 2 === 0 ? 3 : 40 }));
      await push('north', docs);
    });

    it('has configurable thresholds: defaults, a partial change, and refusals with stable codes', async () => {
      const defaults = (await call('supervisor', 'GET', '/api/console/quality/officers/thresholds')).json().thresholds;
      expect(defaults).toMatchObject({ windowDays: 30, ratio: 3, fastSeconds: 8, minBase: { 'hit-override': 5 } });
      // With the defaults, six crossings are too few to judge anyone.
      expect((await call('supervisor', 'GET', '/api/console/quality/officers')).json().items).toEqual([]);
      const saved = await call('supervisor', 'PUT', '/api/console/quality/officers/thresholds', thresholds);
      expect(saved.statusCode).toBe(200);
      expect(saved.json().thresholds).toMatchObject({ windowDays: 30, fastSeconds: 8, minEvents: 2, minBase: thresholds.minBase });
      const none = await call('supervisor', 'PUT', '/api/console/quality/officers/thresholds', { enabled: { 'hit-override': false, 'unverified-document': false, 'fast-decision': false } });
      expect(none.json().error.code).toBe('SERVER_BAD_THRESHOLDS');
      expect((await call('supervisor', 'PUT', '/api/console/quality/officers/thresholds', { ratio: 0 })).json().error.code).toBe('SERVER_BAD_REQUEST');
    });

    it('flags the officer far above the post norm, once per rule, with an explanation', async () => {
      const response = (await call('supervisor', 'GET', '/api/console/quality/officers?postId=north')).json();
      const items = response.items as { rule: string; officerId: string; count: number; base: number; norm: number; normScope: string; explanation: string; subject: string }[];
      expect(items.map((i) => [i.officerId, i.rule, i.count, i.base]).sort()).toEqual([
        ['officer-c', 'fast-decision', 3, 6],
        ['officer-c', 'hit-override', 3, 3],
        ['officer-c', 'unverified-document', 3, 6],
      ]);
      const hit = items.find((i) => i.rule === 'hit-override')!;
      expect(hit).toMatchObject({ norm: 0, normScope: 'post', subject: 'officer-activity:north:officer-c:hit-override' });
      expect(hit.explanation).toBe('officer officer-c admitted 3 of 3 travellers with an alert hit (100 %); norm 0 % (0 of 2, other officers at north)');
      expect(items.find((i) => i.rule === 'unverified-document')!.explanation).toContain('admitted 3 of 6 travellers on a document typed by hand or failing its MRZ checks (50 %)');
      // Only fast crossings count, and a window that ends before them finds nothing.
      expect((await call('supervisor', 'GET', `/api/console/quality/officers?asOf=${iso(now - 10 * DAY).slice(0, 10)}`)).json().items).toEqual([]);
    });

    it('resolves an item with a recorded decision; it leaves the open queue and shows as decided', async () => {
      const subject = 'officer-activity:north:officer-c:hit-override';
      expect((await call('supervisor', 'POST', '/api/console/quality/officers/decisions', { subject: 'officer-activity:north:officer-c:sleeping', decision: 'explained', note: 'x' })).json().error.code).toBe('SERVER_BAD_SUBJECT');
      expect((await call('supervisor', 'POST', '/api/console/quality/officers/decisions', { subject: 'officer-activity:north:nobody:hit-override', decision: 'explained', note: 'x' })).json().error.code).toBe('SERVER_UNKNOWN_OFFICER');
      const decided = await call('supervisor', 'POST', '/api/console/quality/officers/decisions', { subject, decision: 'referred-for-investigation', note: 'hits admitted without a call to the duty supervisor' });
      expect(decided.statusCode).toBe(201);
      const open = (await call('supervisor', 'GET', '/api/console/quality/officers')).json().items as { subject: string }[];
      expect(open.map((i) => i.subject)).not.toContain(subject);
      expect(open).toHaveLength(2);
      const closed = (await call('supervisor', 'GET', '/api/console/quality/officers?status=decided')).json().items as { subject: string; decision: { decision: string; decidedBy: string } }[];
      expect(closed).toEqual([expect.objectContaining({ subject, decision: expect.objectContaining({ decision: 'referred-for-investigation', decidedBy: 'user:supervisor1' }) })]);
      const audit = await test.server.storage.access.listAudit(50);
      expect(audit.some((e) => e.action === 'console.officer-activity.decide' && e.target === subject)).toBe(true);
    });

    it('brings a decided item back only on fresh evidence: once the window has moved past the decision', async () => {
      const subject = 'officer-activity:north:officer-c:hit-override';
      const later = now + 40 * DAY;
      const docs: PouchDoc[] = [];
      for (const officerId of ['officer-a', 'officer-b']) docs.push(crossing('north', later + docs.length * 60_000, { officerId, hit: true, outcome: 'refused' }));
      for (let i = 0; i < 3; i += 1) docs.push(crossing('north', later + docs.length * 60_000, { officerId: 'officer-c', hit: true }));
      await push('north', docs);
      const open = async (asOf: number) => ((await call('supervisor', 'GET', `/api/console/quality/officers?asOf=${iso(asOf)}`)).json().items as { subject: string }[]).map((i) => i.subject);
      // The window of 30 days ending 20 days from now still holds the decision: it covers the new hits too.
      expect(await open(now + 20 * DAY)).not.toContain(subject);
      // Ending 45 days from now, the window starts after the decision: only new evidence, the item is back.
      expect(await open(now + 45 * DAY)).toContain(subject);
    });
  });

  describe('OFAC SDN list import', () => {
    const files = { sdn: fs.readFileSync(path.join(OFAC, 'sdn.csv'), 'utf8'), alt: fs.readFileSync(path.join(OFAC, 'alt.csv'), 'utf8') };

    it('imports sdn.csv and alt.csv in one request, shows warnings, publishes, and a post pulls the aliases', async () => {
      const imported = await call('analyst', 'POST', '/api/console/lists/imports', { listId: 'ofac-sdn', name: 'US OFAC SDN', format: 'ofac-sdn', files });
      expect(imported.statusCode).toBe(201);
      const body = imported.json();
      expect(body).toMatchObject({ version: 1, entries: 5 });
      expect(body.issues.map((i: { row: string; code: string; severity: string }) => [i.row, i.code, i.severity])).toEqual([
        ['alt.csv:99999', 'MATCH_ROW_ORPHAN_ALIAS', 'warning'],
        ['sdn.csv:5', 'MATCH_ROW_BAD_DATE', 'warning'],
      ]);
      expect(body.diff.added).toEqual(expect.arrayContaining(['alert-person:ofac-sdn:36001', 'alert-document:ofac-sdn:36001-passport1']));
      expect((await call('analyst', 'POST', `/api/console/lists/imports/${body.importId}/publish`)).statusCode).toBe(200);
      const post = localPouch();
      await post.replicate.from(remotePouch(`${test.url}/reference`, stations.north!));
      expect(await post.get('alert-list:ofac-sdn')).toMatchObject({ version: 1, entryCount: 5, source: 'ofac-sdn' });
      expect((await post.get('alert-person:ofac-sdn:36001')).names).toEqual([
        { surname: 'KOUYATE', givenNames: 'Ibrahima Sory' },
        { surname: 'KUYATEH', givenNames: 'Ibrahim Sori' },
        { surname: 'KOUYATE', givenNames: 'Sory' },
      ]);
      await post.destroy();
    });

    it('refuses a bad file with every row error and its code; the published list and the imports stay as they were', async () => {
      const importsBefore = await test.server.storage.sql.query('SELECT import_id FROM sv_list_imports');
      // The release's lines end in CRLF (and the parser takes the first line's ending for all).
      const bad = `${files.sdn}36006,"DOE, John",individual,SDGT\r\n36007,-0- ,individual,SDGT,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n`;
      const refused = await call('analyst', 'POST', '/api/console/lists/imports', { listId: 'ofac-sdn', format: 'ofac-sdn', files: { ...files, sdn: bad } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.code).toBe('MATCH_LIST_BAD_ROWS');
      expect(refused.json().issues).toEqual([
        expect.objectContaining({ row: 'sdn.csv:6', code: 'MATCH_ROW_COLUMNS', severity: 'error' }),
        expect.objectContaining({ row: 'sdn.csv:7', code: 'MATCH_ROW_NO_NAME', severity: 'error' }),
      ]);
      const unreadable = await call('analyst', 'POST', '/api/console/lists/imports', { listId: 'ofac-sdn', format: 'ofac-sdn', files: { sdn: '36001,"KOUYATE, broken quote\n' } });
      expect(unreadable.json().error.code).toBe('MATCH_FILE_BAD_FORMAT');
      const notSdn = await call('analyst', 'POST', '/api/console/lists/imports', { listId: 'ofac-sdn', format: 'ofac-sdn', files: { sdn: 'a,b,c\n1,2,3\n' } });
      expect(notSdn.json().error.code).toBe('MATCH_FILE_BAD_FORMAT');
      for (const payload of [
        { listId: 'ofac-sdn', format: 'ofac-sdn', files: { alt: files.alt } },
        { listId: 'ofac-sdn', format: 'ofac-sdn', content: files.sdn },
        { listId: 'ofac-sdn', format: 'csv', files },
      ]) {
        const response = await call('analyst', 'POST', '/api/console/lists/imports', payload);
        expect({ status: response.statusCode, code: response.json().error.code }).toEqual({ status: 400, code: 'SERVER_LIST_FILES' });
      }
      const tooLarge = await call('analyst', 'POST', '/api/console/lists/imports', { listId: 'ofac-sdn', format: 'ofac-sdn', files: { sdn: files.sdn, alt: 'x'.repeat(32 * 1024 * 1024 + 1) } });
      expect({ status: tooLarge.statusCode, code: tooLarge.json().error.code }).toEqual({ status: 413, code: 'SERVER_LIST_FILE_TOO_LARGE' });
      expect(await test.server.storage.sql.query('SELECT import_id FROM sv_list_imports')).toEqual(importsBefore);
      const lists = (await call('analyst', 'GET', '/api/console/lists')).json().lists as { listId: string; version: number; entryCount: number }[];
      expect(lists.find((l) => l.listId === 'ofac-sdn')).toMatchObject({ version: 1, entryCount: 5 });
    });
  });

  it('role matrix: analysts read profile statistics, only supervisors see and decide unusual activity', async () => {
    const routes: [string, string, Capability, unknown?][] = [
      ['GET', '/api/console/risk-profiles/stats', 'profiles.manage'],
      ['GET', '/api/console/quality/officers', 'quality.reconcile'],
      ['GET', '/api/console/quality/officers/thresholds', 'quality.reconcile'],
      ['PUT', '/api/console/quality/officers/thresholds', 'quality.reconcile', {}],
      ['POST', '/api/console/quality/officers/decisions', 'quality.reconcile', {}],
      ['POST', '/api/console/lists/imports', 'lists.manage', { listId: 'x', format: 'ofac-sdn' }],
    ];
    const table: string[] = [];
    for (const [method, url, capability, body] of routes) {
      for (const role of CONSOLE_ROLES) {
        const status = (await call(role, method, url, body)).statusCode;
        const allowed = ROLE_CAPABILITIES[role].includes(capability);
        if (allowed !== (status !== 403) || status === 401 || status >= 500) table.push(`${role} ${method} ${url} → ${status} (allowed: ${allowed})`);
      }
      expect((await call(null, method, url, body)).statusCode).toBe(401);
    }
    expect(table).toEqual([]);
    const openapi = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(routes.map(([, url]) => url)));
  });
});
