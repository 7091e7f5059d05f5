import { exampleDocuments } from '@borderpost/schemas';
import type { FastifyInstance } from 'fastify';
import { TestServer, describeBackends } from '../testing/harness';
import { type PouchDoc, localPouch, remotePouch } from '../testing/pouch';
import { consoleProjectorOf } from './index';
import { CONSOLE_ROLES, type ConsoleRole, ROLE_CAPABILITIES, type Capability } from './roles';
import { CSRF_HEADER, SESSION_COOKIE } from './session';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A crossing from the schema examples, placed at `at` with the given traveller and document. */
function crossing(postId: string, seed: number, at: number, fields: { direction: 'entry' | 'exit'; surname: string; given: string; birthDate: string; nationality: string; documentNumber: string; travellerId?: string; hit?: boolean; valid?: boolean; offsetMs?: number }): PouchDoc {
  const [doc] = exampleDocuments('crossing', { postId, count: 1, seed, startTime: at - 60_000 }) as PouchDoc[];
  const c = doc as PouchDoc & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixture surgery
  c.direction = fields.direction;
  c.traveller = { ...c.traveller, surname: fields.surname, givenNames: fields.given, birthDate: fields.birthDate, nationality: fields.nationality };
  c.document = { ...c.document, issuingState: fields.nationality, documentNumber: fields.documentNumber, valid: fields.valid ?? true };
  c.decision = { outcome: 'admitted', at: iso(at) };
  c.timings = { startedAt: iso(at - 40_000), documentReadAt: iso(at - 35_000), biometricsAt: iso(at - 15_000), checksAt: iso(at - 12_000), decidedAt: iso(at) };
  c.clock = { stationTime: iso(at), serverOffsetMs: fields.offsetMs ?? 1200 };
  if (fields.travellerId) c.travellerId = fields.travellerId;
  c.checks = { ...c.checks, hits: fields.hit ? [{ listId: 'national-watchlist', listVersion: 1, entryId: 'P-001', kind: 'person', score: 0.91, explanation: 'DIALLO ≈ DIALLO' }] : [] };
  return c;
}

function traveller(postId: string, seed: number, fields: { surname: string; given: string; birthDate: string; nationality: string; documentNumber: string }): PouchDoc {
  const [doc] = exampleDocuments('traveller', { postId, count: 1, seed }) as PouchDoc[];
  return { ...doc!, surname: fields.surname, givenNames: fields.given, birthDate: fields.birthDate, nationality: fields.nationality, documents: [{ issuingState: fields.nationality, documentNumber: fields.documentNumber }] };
}

describeBackends('supervisor console API', ({ backend, postgres }) => {
  let test: TestServer;
  let app: FastifyInstance;
  const tokens: Partial<Record<ConsoleRole, string>> = {};
  let north: { token: string };
  let south: { token: string };
  const now = Date.now();
  const overstayer = { surname: 'OKAFOR', given: 'RAFAEL', birthDate: '1990-02-03', nationality: 'NGA', documentNumber: 'A1234567' };
  const visitor = { surname: 'DIALLO', given: 'MAMADOU', birthDate: '1985-05-06', nationality: 'GIN', documentNumber: 'G7654321' };
  let travellerIds: string[] = [];
  let hitCrossingId = '';

  const call = async (role: ConsoleRole | null, method: string, url: string, payload?: unknown) =>
    app.inject({ method: method as 'GET', url, ...(payload !== undefined ? { payload: payload as object } : {}), headers: role ? { authorization: `Bearer ${tokens[role]}` } : {} });

  beforeAll(async () => {
    test = await TestServer.start(backend, postgres());
    app = test.server.app;
    for (const role of ['admin', 'supervisor', 'analyst'] as const) tokens[role] = await test.consoleToken(role);
    north = await test.enrolStation('north');
    south = await test.enrolStation('south');

    // An analyst is stored as a supervisor in the server's users table; it must not get a
    // supervisor's reach: no post database, no reference database, no admin API.
    for (const url of ['/post-north/_changes', '/reference/_changes', '/api/crossings']) {
      const refused = await call('analyst', 'GET', url);
      expect({ url, status: refused.statusCode }).toEqual({ url, status: 403 });
    }
    expect((await call('supervisor', 'GET', '/post-north/_changes')).statusCode).toBe(200);

    const northDocs: PouchDoc[] = [
      // Entered 120 days ago, never left: an overstay under the default 90-in-180 rule.
      crossing('north', 1, now - 120 * DAY, { direction: 'entry', ...overstayer, travellerId: 'traveller:north:01KDW94700ZREQ6RHN69SJD169' }),
      // Entered at north, left by south: a closed stay.
      crossing('north', 2, now - 10 * DAY, { direction: 'entry', ...visitor, hit: true, valid: false, offsetMs: 45 * 60_000 }),
    ];
    const southDocs: PouchDoc[] = [crossing('south', 3, now - 2 * DAY, { direction: 'exit', ...visitor })];
    const t1 = traveller('north', 4, { ...visitor, given: 'MAMADOU ALPHA' });
    const t2 = traveller('south', 5, { ...visitor, given: 'MAMADU ALPHA', documentNumber: 'G0000001' });
    travellerIds = [t1._id, t2._id];
    hitCrossingId = northDocs[1]!._id;
    const [health] = exampleDocuments('device-health', { postId: 'north', count: 1 }) as PouchDoc[];
    const northPouch = localPouch();
    await northPouch.bulkDocs([...northDocs, t1, { ...health!, softwareVersion: '0.9.1' }]);
    await northPouch.replicate.to(remotePouch(`${test.url}/post-north`, { token: north.token }));
    const southPouch = localPouch();
    await southPouch.bulkDocs([...southDocs, t2]);
    await southPouch.replicate.to(remotePouch(`${test.url}/post-south`, { token: south.token }));
    await test.server.projector.catchUp();
    await consoleProjectorOf(test.server.storage.sql).catchUp();
    await northPouch.destroy();
    await southPouch.destroy();
  });
  afterAll(() => test?.stop());

  it('answers nothing without a session, and refuses a station token', async () => {
    for (const url of ['/api/console/posts', '/api/console/crossings', '/api/console/stays', '/api/console/hits', '/api/console/reports/flows?from=2026-01-01&to=2026-12-31']) {
      expect((await call(null, 'GET', url)).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${north.token}` } })).statusCode).toBe(401);
    }
  });

  it('shows posts at a glance with last sync, device health, software version and silent posts', async () => {
    const response = await call('supervisor', 'GET', '/api/console/posts');
    expect(response.statusCode).toBe(200);
    const posts = response.json().posts as { postId: string; silent: boolean; lastSyncAt: string | null; clockOffsetMs: number | null; healthReports: { softwareVersion: string | null; pendingDocs: number }[] }[];
    const northPost = posts.find((p) => p.postId === 'north')!;
    expect(northPost.silent).toBe(false);
    expect(northPost.lastSyncAt).not.toBeNull();
    expect(northPost.healthReports[0]).toMatchObject({ softwareVersion: '0.9.1' });
    expect(northPost.clockOffsetMs).toBe(45 * 60_000);
    expect(posts.find((p) => p.postId === 'south')!.clockOffsetMs).toBe(1200);
  });

  it('searches crossings by name, document, post and hit, pages with a cursor, and audits every record view', async () => {
    const byName = (await call('supervisor', 'GET', '/api/console/crossings?name=dial')).json();
    expect(byName.crossings.map((c: { surname: string }) => c.surname)).toEqual(['DIALLO', 'DIALLO']);
    const page1 = (await call('supervisor', 'GET', '/api/console/crossings?limit=2')).json();
    expect(page1.crossings).toHaveLength(2);
    const page2 = (await call('supervisor', 'GET', `/api/console/crossings?limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.crossings).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    expect((await call('supervisor', 'GET', '/api/console/crossings?document=A1234567')).json().crossings).toHaveLength(1);
    expect((await call('supervisor', 'GET', '/api/console/crossings?hit=true&postId=north')).json().crossings).toHaveLength(1);
    expect((await call('supervisor', 'GET', '/api/console/crossings?cursor=garbage')).json().error.code).toBe('SERVER_BAD_CURSOR');

    const record = (await call('supervisor', 'GET', `/api/console/crossings/${hitCrossingId}`)).json();
    expect(record.crossing.traveller.surname).toBe('DIALLO');
    const face = record.attachments.find((a: { name: string }) => a.name === 'face.jpg');
    const image = await call('supervisor', 'GET', face.url);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.rawPayload.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const audit = await test.server.storage.access.listAudit(50);
    expect(audit.some((e) => e.action === 'console.crossing.view' && e.target === hitCrossingId && e.actor === 'user:supervisor1')).toBe(true);
    expect(audit.some((e) => e.action === 'console.crossing.image')).toBe(true);
    expect((await call('supervisor', 'GET', '/api/console/crossings/crossing:north:01KDW94700ZREQ6RHN69SJD16X')).statusCode).toBe(404);
  });

  it('finds the overstay across posts, not the closed stay, and records the decision', async () => {
    const open = (await call('supervisor', 'GET', '/api/console/stays')).json();
    expect(open.stays.map((s: { document: { documentNumber: string } }) => s.document.documentNumber)).toEqual(['A1234567']);
    const overstays = (await call('supervisor', 'GET', '/api/console/stays?overstaysOnly=true')).json();
    expect(overstays.stays).toHaveLength(1);
    expect(overstays.stays[0]).toMatchObject({ rule: 'default-90-in-180', overstayDays: 31, daysInStay: 121 });
    const history = (await call('supervisor', 'GET', '/api/console/stays/GIN/G7654321')).json();
    expect(history.stays).toHaveLength(1);
    expect(history.stays[0].status).toBe('closed');
    expect(history.stays[0].exit.postId).toBe('south');

    const decided = await call('supervisor', 'POST', '/api/console/stays/decisions', { subject: overstays.stays[0].entryId, decision: 'overstay-confirmed', note: 'reported to immigration' });
    expect(decided.statusCode).toBe(201);
    expect(decided.json()).toMatchObject({ decidedBy: 'user:supervisor1' });
    expect((await call('supervisor', 'GET', '/api/console/stays?overstaysOnly=true')).json().stays).toHaveLength(0);
    expect((await call('supervisor', 'POST', '/api/console/stays/decisions', { subject: 'x', decision: 'whatever', note: 'n' })).statusCode).toBe(400);

    // A fixed 200-day rule for Nigerians clears it; the rules are validated.
    expect((await call('admin', 'PUT', '/api/console/stay-rules', { rules: [{ id: 'x', match: { nationalities: ['NGA'] }, kind: 'exempt' }] })).json().error.code).toBe('SERVER_BAD_STAY_RULES');
    const saved = await call('admin', 'PUT', '/api/console/stay-rules', { rules: [{ id: 'default', match: {}, kind: 'rolling', maxDays: 90, windowDays: 180 }, { id: 'nga', match: { nationalities: ['NGA'] }, kind: 'fixed', maxDays: 200 }] });
    expect(saved.statusCode).toBe(200);
    expect((await call('supervisor', 'GET', '/api/console/stays')).json().stays[0]).toMatchObject({ rule: 'nga', overstayDays: 0 });
  });

  it('lists alert hits, dismisses one with a note, and counts per list and post', async () => {
    const open = (await call('analyst', 'GET', '/api/console/hits')).json();
    expect(open.hits).toHaveLength(1);
    const subject = open.hits[0].subject as string;
    expect((await call('analyst', 'POST', '/api/console/hits/decisions', { subject: 'crossing:north:nope#0', decision: 'dismissed', note: 'n' })).statusCode).toBe(404);
    expect((await call('analyst', 'POST', '/api/console/hits/decisions', { subject, decision: 'dismissed', note: 'namesake, other birth date' })).statusCode).toBe(201);
    expect((await call('analyst', 'GET', '/api/console/hits')).json().hits).toHaveLength(0);
    const decided = (await call('analyst', 'GET', '/api/console/hits?status=decided')).json().hits;
    expect(decided[0].review).toMatchObject({ decision: 'dismissed', note: 'namesake, other birth date', decidedBy: 'user:analyst1' });
    expect((await call('analyst', 'GET', '/api/console/hits/stats')).json().stats).toEqual([{ listId: 'national-watchlist', postId: 'north', total: 1, confirmed: 0, dismissed: 1, open: 0 }]);
  });

  it('proposes the duplicate, merges it into a reference document a post pulls, and undoes the merge', async () => {
    const queue = (await call('supervisor', 'GET', '/api/console/duplicates')).json();
    const duplicates = queue.duplicates;
    expect(duplicates).toHaveLength(1);
    expect(duplicates[0]).toMatchObject({ kind: 'similar-person', travellerIds: [...travellerIds].sort() });
    // Each record to compare, read from its post's database: names, documents, the crossing it began at.
    expect(queue.records[travellerIds[1]!]).toMatchObject({ postId: 'south', surname: 'DIALLO', givenNames: 'MAMADU ALPHA', birthDate: visitor.birthDate, documents: [{ issuingState: 'GIN', documentNumber: 'G0000001' }] });
    expect(queue.records[travellerIds[0]!].firstCrossingId).toMatch(/^crossing:north:/);
    const merged = await call('supervisor', 'POST', '/api/console/merges', { survivorId: travellerIds[0], mergedIds: [travellerIds[1]], note: 'same person, new passport' });
    expect(merged.statusCode).toBe(201);
    const mergeId = merged.json().mergeId as string;
    expect((await call('supervisor', 'GET', '/api/console/duplicates')).json().duplicates).toHaveLength(0);

    const post = localPouch();
    await post.replicate.from(remotePouch(`${test.url}/reference`, { token: south.token }));
    expect(await post.get(mergeId)).toMatchObject({ type: 'merge', survivorId: travellerIds[0], mergedIds: [travellerIds[1]] });

    expect((await call('supervisor', 'POST', `/api/console/merges/${mergeId}/undo`, { note: 'twins, not one person' })).statusCode).toBe(200);
    await post.replicate.from(remotePouch(`${test.url}/reference`, { token: south.token }));
    expect(await post.get(mergeId)).toMatchObject({ revoked: true });
    expect((await call('supervisor', 'GET', '/api/console/duplicates')).json().duplicates).toHaveLength(1);
    await post.destroy();
  });

  it('lists data-quality items: accepted MRZ failures, skewed clocks, one document at two posts too close in time', async () => {
    const mrz = (await call('supervisor', 'GET', '/api/console/quality?kind=mrz')).json();
    // Listing a queue of travellers is audited: who, which queue, with which filters.
    expect((await test.server.storage.access.listAudit(5)).find((entry) => entry.action === 'console.quality.list')).toMatchObject({ actor: 'user:supervisor1', details: { kind: 'mrz' } });
    await call('analyst', 'GET', '/api/console/hits?status=decided');
    expect((await test.server.storage.access.listAudit(5)).find((entry) => entry.action === 'console.hits.list')).toMatchObject({ actor: 'user:analyst1', details: { status: 'decided' } });
    expect(mrz.items.map((i: { id: string }) => i.id)).toEqual([hitCrossingId]);
    const clock = (await call('supervisor', 'GET', '/api/console/quality?kind=clock&thresholdMinutes=30')).json();
    expect(clock.items.map((i: { id: string }) => i.id)).toEqual([hitCrossingId]);
    // Entry at north and exit at south were 8 days apart: possible within 60 minutes? no; within 9 days? flagged.
    expect((await call('supervisor', 'GET', '/api/console/quality?kind=impossible')).json().items).toHaveLength(0);
    expect((await call('supervisor', 'GET', `/api/console/quality?kind=impossible&thresholdMinutes=${9 * 24 * 60}`)).json().items.length).toBeGreaterThan(0);
    expect((await call('supervisor', 'POST', '/api/console/quality/decisions', { subject: hitCrossingId, decision: 'accepted', note: 'reader fault, checked visually' })).statusCode).toBe(201);
    expect((await call('supervisor', 'GET', '/api/console/quality?kind=mrz')).json().items).toHaveLength(0);
  });

  it('imports a list, shows the differences, publishes it, and a post pulls it; posts report the versions they hold', async () => {
    const v1 = 'kind,entry_id,surname,given_names,aliases,birth_dates,sex,nationalities,issuing_state,document_number,document_type,reason,instruction\nperson,P-001,DIALLO,Mamadou,,1980-03-12,M,GIN,,,,Notice,Call supervisor\nperson,P-002,TRAORE,Awa,,1975,F,MLI,,,,Notice,Refer\n';
    const first = await call('analyst', 'POST', '/api/console/lists/imports', { listId: 'watch', name: 'Watch list', format: 'csv', content: v1 });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ version: 1, entries: 2, diff: { added: ['alert-person:watch:P-001', 'alert-person:watch:P-002'], removed: [], changed: [] } });
    expect((await call('analyst', 'POST', `/api/console/lists/imports/${first.json().importId}/publish`)).json()).toMatchObject({ version: 1, written: 2 });
    const v2 = v1.replace('Awa', 'Aoua').split('\n').filter((line) => !line.includes('P-001')).join('\n');
    const second = (await call('analyst', 'POST', '/api/console/lists/imports', { listId: 'watch', format: 'csv', content: v2 })).json();
    expect(second).toMatchObject({ version: 2, diff: { added: [], removed: ['alert-person:watch:P-001'], changed: ['alert-person:watch:P-002'] } });
    expect((await call('analyst', 'POST', `/api/console/lists/imports/${second.importId}/publish`)).json()).toMatchObject({ version: 2, written: 1, removed: 1 });
    expect((await call('analyst', 'POST', `/api/console/lists/imports/${second.importId}/publish`)).statusCode).toBe(409);
    expect((await call('analyst', 'POST', '/api/console/lists/imports', { listId: 'watch', format: 'csv', content: 'nonsense' })).statusCode).toBe(400);
    // A file cut off after its header is a well-formed list of nobody: refused, not staged.
    const headerOnly = await call('analyst', 'POST', '/api/console/lists/imports', { listId: 'watch', format: 'csv', content: `${v1.split('\n')[0]}\n` });
    expect({ status: headerOnly.statusCode, code: headerOnly.json().error.code }).toEqual({ status: 400, code: 'MATCH_LIST_EMPTY' });

    const post = localPouch();
    await post.replicate.from(remotePouch(`${test.url}/reference`, { token: north.token }));
    expect(await post.get('alert-list:watch')).toMatchObject({ version: 2, entryCount: 1 });
    expect(await post.get('alert-person:watch:P-001')).toMatchObject({ removed: true });
    await post.destroy();
    const lists = (await call('analyst', 'GET', '/api/console/lists')).json();
    expect(lists.lists).toEqual([expect.objectContaining({ listId: 'watch', version: 2 })]);
    expect(lists.posts.find((p: { postId: string }) => p.postId === 'north').versions).toHaveProperty('national-watchlist');
  });

  it('saves a risk profile with rule, action and dates that a post pulls; refuses malformed rules', async () => {
    const profile = { name: 'Young men travelling alone at night', rule: { ageBand: { min: 18, max: 30 }, sex: 'M', travellingAlone: true, timeOfDay: { from: '22:00', to: '04:00' } }, action: 'refer', effectiveFrom: '2026-01-01', effectiveTo: '2026-12-31', posts: ['north'] };
    expect((await call('analyst', 'PUT', '/api/console/risk-profiles/night-1', profile)).statusCode).toBe(200);
    expect((await call('analyst', 'PUT', '/api/console/risk-profiles/night-1', { ...profile, action: 'flag' })).statusCode).toBe(200);
    expect((await call('analyst', 'PUT', '/api/console/risk-profiles/bad', { ...profile, rule: { colour: 'red' } })).statusCode).toBe(400);
    expect((await call('analyst', 'PUT', '/api/console/risk-profiles/bad', { ...profile, rule: { ageBand: { min: 40, max: 20 } } })).json().error.code).toBe('SERVER_BAD_RULE');
    expect((await call('analyst', 'PUT', '/api/console/risk-profiles/bad', { ...profile, effectiveTo: '2025-01-01' })).json().error.code).toBe('SERVER_BAD_DATES');
    expect((await call('analyst', 'GET', '/api/console/risk-profiles')).json().profiles).toEqual([expect.objectContaining({ profileId: 'night-1', action: 'flag', updatedBy: 'user:analyst1' })]);
    const northPost = localPouch();
    await northPost.replicate.from(remotePouch(`${test.url}/reference`, { token: north.token }));
    expect(await northPost.get('risk-profile:night-1')).toMatchObject({ action: 'flag', rule: { sex: 'M' } });
    const southPost = localPouch();
    await southPost.replicate.from(remotePouch(`${test.url}/reference`, { token: south.token }));
    await expect(southPost.get('risk-profile:night-1')).rejects.toMatchObject({ status: 404 });
    await northPost.destroy();
    await southPost.destroy();
  });

  it('reports flows, refusals and transit times, and exports CSV', async () => {
    const from = iso(now - 200 * DAY).slice(0, 10);
    const to = iso(now + DAY).slice(0, 10);
    const flows = (await call('analyst', 'GET', `/api/console/reports/flows?from=${from}&to=${to}`)).json();
    expect(flows.columns).toEqual(['day', 'post', 'direction', 'nationality', 'crossings']);
    expect(flows.rows).toHaveLength(3);
    // One nationality: only its travellers; a malformed code is refused by the schema.
    const guineans = (await call('analyst', 'GET', `/api/console/reports/flows?from=${from}&to=${to}&nationality=GIN`)).json();
    expect(guineans.rows.length).toBeGreaterThan(0);
    expect(guineans.rows.every((row: unknown[]) => row[3] === 'GIN')).toBe(true);
    expect(guineans.rows.length).toBe(flows.rows.filter((row: unknown[]) => row[3] === 'GIN').length);
    // The audit says which travellers a report was about, not only its dates.
    expect((await test.server.storage.access.listAudit(5)).find((entry) => entry.action === 'console.report.run')).toMatchObject({ actor: 'user:analyst1', target: 'flows', details: { nationality: 'GIN' } });
    expect((await call('analyst', 'GET', `/api/console/reports/transit?from=${from}&to=${to}&nationality=gin1`)).statusCode).toBe(400);
    const transit = (await call('supervisor', 'GET', `/api/console/reports/transit?from=${from}&to=${to}&by=officer`)).json();
    expect(transit.rows[0]).toEqual(expect.arrayContaining([5, 20, 3, 12, 40, 40]));
    // Per post and UTC hour: every crossing counted once, at the hour of its decision.
    const hours = (await call('analyst', 'GET', `/api/console/reports/hours?from=${from}&to=${to}`)).json();
    expect(hours.columns).toEqual(['post', 'hour', 'crossings', 'mean_total_s', 'max_total_s']);
    expect(hours.rows.reduce((n: number, row: unknown[]) => n + (row[2] as number), 0)).toBe(flows.rows.reduce((n: number, row: unknown[]) => n + (row[4] as number), 0));
    expect(hours.rows.every((row: unknown[]) => /^([01]\d|2[0-3])$/.test(row[1] as string))).toBe(true);
    expect(hours.rows[0]).toEqual(expect.arrayContaining([40, 40]));
    const csv = await call('supervisor', 'GET', `/api/console/reports/flows?from=${from}&to=${to}&format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toBe('day,post,direction,nationality,crossings');
    expect(csv.body.trim().split('\n')).toHaveLength(4);
  });

  it('cookie sessions need the CSRF header on writes; sign-out ends them', async () => {
    const signIn = await app.inject({ method: 'POST', url: '/api/console/session', payload: { userId: 'supervisor1', password: 'long enough password' } });
    expect(signIn.statusCode).toBe(200);
    const setCookie = String(signIn.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    expect(cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    const { csrfToken } = signIn.json();
    expect((await app.inject({ method: 'GET', url: '/api/console/session', headers: { cookie } })).json()).toMatchObject({ userId: 'supervisor1', role: 'supervisor', csrfToken });
    const body = { subject: hitCrossingId, decision: 'accepted', note: 'n' };
    const forged = await app.inject({ method: 'POST', url: '/api/console/quality/decisions', headers: { cookie }, payload: body });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('SERVER_CSRF');
    expect((await app.inject({ method: 'POST', url: '/api/console/quality/decisions', headers: { cookie, [CSRF_HEADER]: 'x'.repeat(43) }, payload: body })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/console/quality/decisions', headers: { cookie, [CSRF_HEADER]: csrfToken }, payload: body })).statusCode).toBe(201);
    expect((await app.inject({ method: 'DELETE', url: '/api/console/session', headers: { cookie, [CSRF_HEADER]: csrfToken } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/console/session', headers: { cookie } })).statusCode).toBe(401);
    // Lockout is the server's, shared with /api/auth/sign-in.
    for (let i = 0; i < 10; i += 1) await app.inject({ method: 'POST', url: '/api/console/session', payload: { userId: 'analyst1', password: 'wrong password!' } });
    expect((await app.inject({ method: 'POST', url: '/api/console/session', payload: { userId: 'analyst1', password: 'long enough password' } })).statusCode).toBe(429);
  });

  it('role matrix: every console route answers 403 exactly to the roles without its capability', async () => {
    const routes: [string, string, Capability, unknown?][] = [
      ['GET', '/api/console/posts', 'posts.read'],
      ['GET', '/api/console/crossings', 'crossings.read'],
      ['GET', `/api/console/crossings/${hitCrossingId}`, 'crossings.read'],
      ['GET', '/api/console/stays', 'stays.reconcile'],
      ['POST', '/api/console/stays/decisions', 'stays.reconcile', {}],
      ['GET', '/api/console/hits', 'hits.review'],
      ['GET', '/api/console/hits/stats', 'hits.review'],
      ['POST', '/api/console/hits/decisions', 'hits.review', {}],
      ['GET', '/api/console/duplicates', 'duplicates.reconcile'],
      ['POST', '/api/console/merges', 'duplicates.reconcile', {}],
      ['GET', '/api/console/quality?kind=mrz', 'quality.reconcile'],
      ['GET', '/api/console/quality/officers', 'quality.reconcile'],
      ['GET', '/api/console/quality/officers/thresholds', 'quality.reconcile'],
      ['PUT', '/api/console/quality/officers/thresholds', 'quality.reconcile', {}],
      ['POST', '/api/console/quality/officers/decisions', 'quality.reconcile', {}],
      ['GET', '/api/console/conflicts', 'conflicts.resolve'],
      ['POST', '/api/console/conflicts/resolve', 'conflicts.resolve', {}],
      ['GET', '/api/console/lists', 'lists.manage'],
      ['POST', '/api/console/lists/imports', 'lists.manage', {}],
      ['GET', '/api/console/risk-profiles', 'profiles.manage'],
      ['PUT', '/api/console/risk-profiles/x', 'profiles.manage', {}],
      ['GET', '/api/console/risk-profiles/stats', 'profiles.manage'],
      ['GET', '/api/console/users', 'users.manage'],
      ['POST', '/api/console/users', 'users.manage', {}],
      ['GET', '/api/console/stations', 'stations.manage'],
      ['POST', '/api/console/enrolment-codes', 'stations.manage', {}],
      ['GET', '/api/console/stay-rules', 'stay-rules.read'],
      ['PUT', '/api/console/stay-rules', 'stay-rules.edit', {}],
      ['GET', '/api/console/reports/decisions?from=2026-01-01&to=2026-12-31', 'reports.read'],
    ];
    const table: string[] = [];
    for (const [method, url, capability, body] of routes) {
      for (const role of CONSOLE_ROLES) {
        const status = (await call(role, method, url, body)).statusCode;
        const allowed = ROLE_CAPABILITIES[role].includes(capability);
        if (allowed !== (status !== 403) || status === 401 || status >= 500) table.push(`${role} ${method} ${url} → ${status} (allowed: ${allowed})`);
      }
    }
    expect(table).toEqual([]);
    // Every console route is in the matrix (a new route must be added here with its capability).
    const listed = new Set(routes.map(([method, url]) => `${method} ${url.split('?')[0]!.replace(hitCrossingId, ':id')}`));
    const openapi = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> };
    const documented = Object.keys(openapi.paths).filter((path) => path.startsWith('/api/console/'));
    expect(documented.length).toBeGreaterThanOrEqual(listed.size);
    expect(documented).toEqual(expect.arrayContaining(['/api/console/crossings/{id}', '/api/console/stays', '/api/console/merges', '/api/console/reports/{kind}']));
  });
  it('finds one document under two traveller records (refused crossings at two posts)', async () => {
    const doc = { surname: 'KONE', given: 'ISSA', birthDate: '1979-09-09', nationality: 'MLI', documentNumber: 'M5550001' };
    const a = crossing('north', 11, now - 3 * DAY, { direction: 'entry', ...doc, travellerId: 'traveller:north:01KDW94700AAAAAAAAAAAAAAAA' });
    const b = crossing('south', 12, now - 1 * DAY, { direction: 'entry', ...doc, travellerId: 'traveller:south:01KDW94700BBBBBBBBBBBBBBBB' });
    (a.decision as { outcome: string }).outcome = 'refused';
    (b.decision as { outcome: string }).outcome = 'refused';
    const northPouch = localPouch();
    await northPouch.bulkDocs([a]);
    await northPouch.replicate.to(remotePouch(`${test.url}/post-north`, { token: north.token }));
    const southPouch = localPouch();
    await southPouch.bulkDocs([b]);
    await southPouch.replicate.to(remotePouch(`${test.url}/post-south`, { token: south.token }));
    await consoleProjectorOf(test.server.storage.sql).catchUp();
    const duplicates = (await call('supervisor', 'GET', '/api/console/duplicates')).json().duplicates as { kind: string; travellerIds: string[] }[];
    expect(duplicates.find((d) => d.kind === 'same-document')).toMatchObject({ travellerIds: ['traveller:north:01KDW94700AAAAAAAAAAAAAAAA', 'traveller:south:01KDW94700BBBBBBBBBBBBBBBB'] });
    // Refused crossings open no stay.
    expect((await call('supervisor', 'GET', '/api/console/stays')).json().stays.map((s: { document: { documentNumber: string } }) => s.document.documentNumber)).not.toContain('M5550001');
    await northPouch.destroy();
    await southPouch.destroy();
  });

  it('administrators disable users and reset passwords; sessions end', async () => {
    expect((await call('admin', 'POST', '/api/console/users', { userId: 'temp1', name: 'Temp', role: 'analyst', password: 'first password!' })).statusCode).toBe(201);
    const session = (await test.server.storage.access.signIn('temp1', 'first password!')).token;
    const asTemp = () => app.inject({ method: 'GET', url: '/api/console/hits', headers: { authorization: `Bearer ${session}` } });
    expect((await asTemp()).statusCode).toBe(200);
    expect((await call('admin', 'POST', '/api/console/users/temp1', { password: 'second password!' })).statusCode).toBe(200);
    expect((await asTemp()).statusCode).toBe(401);
    await expect(test.server.storage.access.signIn('temp1', 'first password!')).rejects.toMatchObject({ code: 'SERVER_BAD_CREDENTIALS' });
    await test.server.storage.access.signIn('temp1', 'second password!');
    expect((await call('admin', 'POST', '/api/console/users/temp1', { disabled: true })).statusCode).toBe(200);
    await expect(test.server.storage.access.signIn('temp1', 'second password!')).rejects.toMatchObject({ code: 'SERVER_BAD_CREDENTIALS' });
    expect((await call('admin', 'POST', '/api/console/users/temp1', { role: 'admin' })).json().error.code).toBe('SERVER_ROLE_CHANGE');
    expect((await call('admin', 'GET', '/api/console/users')).json().users).toEqual(expect.arrayContaining([expect.objectContaining({ userId: 'temp1', role: 'analyst' })]));
    expect((await call('admin', 'POST', '/api/console/users/nobody', { disabled: true })).statusCode).toBe(404);
    expect((await call('admin', 'POST', '/api/console/users/root', { disabled: true })).json().error.code).toBe('SERVER_SELF_DISABLE');
  });
  it('shows a replication conflict side by side and resolves it explicitly, keeping the chosen version', async () => {
    const [doc] = exampleDocuments('crossing', { postId: 'south', count: 1, seed: 77 }) as PouchDoc[];
    const a = localPouch();
    const b = localPouch();
    await a.put(doc!);
    await b.put({ ...doc!, decision: { ...(doc!.decision as object), note: 'entered again from a restored backup' } });
    await a.replicate.to(remotePouch(`${test.url}/post-south`, { token: south.token }));
    await b.replicate.to(remotePouch(`${test.url}/post-south`, { token: south.token }));
    const listed = (await call('supervisor', 'GET', '/api/console/conflicts')).json().conflicts as { db: string; id: string; winningRev: string; versions: { rev: string; doc: { decision: { note?: string } } }[] }[];
    expect(listed).toHaveLength(1);
    expect(listed[0]!.versions).toHaveLength(2);
    const restored = listed[0]!.versions.find((v) => v.doc.decision.note === 'entered again from a restored backup')!;
    const original = listed[0]!.versions.find((v) => v !== restored)!;
    expect((await call('supervisor', 'POST', '/api/console/conflicts/resolve', { db: 'post-south', id: doc!._id, keepRev: '9-nope', note: 'n' })).statusCode).toBe(400);
    const resolved = await call('supervisor', 'POST', '/api/console/conflicts/resolve', { db: 'post-south', id: doc!._id, keepRev: original.rev, note: 'the backup copy is stale' });
    expect(resolved.json()).toMatchObject({ ok: true, kept: original.rev, closed: [restored.rev] });
    expect((await call('supervisor', 'GET', '/api/console/conflicts')).json().conflicts).toHaveLength(0);
    const stored = await remotePouch(`${test.url}/post-south`, { token: south.token }).get(doc!._id, { conflicts: true });
    expect(stored._rev).toBe(original.rev);
    expect(stored._conflicts).toBeUndefined();
    await a.destroy();
    await b.destroy();
  });
});
