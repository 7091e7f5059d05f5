/**
 * Issue 9 gaps: replication conflicts resolved explicitly (and the resolution reaching the posts that
 * pull the database), stay rules edited by supervisors and read by analysts (the overstay queue follows
 * them), and alert hits carrying the matcher's reasons as data. On SQLite and PostgreSQL.
 */
import crypto from 'node:crypto';
import { explainPersonScore, icaoNormaliser, personScoreReasons, preparePerson, prepareTraveller, scorePerson } from '@borderpost/matching';
import { encodeAudience } from '../storage/doc-store';
import { exampleDocuments, referenceAudience } from '@borderpost/schemas';
import type { FastifyInstance } from 'fastify';
import { TestServer, describeBackends } from '../testing/harness';
import { type PouchDoc, localPouch, remotePouch } from '../testing/pouch';
import { consoleProjectorOf } from './index';
import type { ConsoleRole } from './roles';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
type Crossing = PouchDoc & { decision: Record<string, unknown>; checks: Record<string, unknown>; traveller: Record<string, unknown>; document: Record<string, unknown> };

function crossing(postId: string, seed: number, at: number, traveller: { surname: string; given: string; birthDate: string; nationality: string; documentNumber: string }): Crossing {
  const [doc] = exampleDocuments('crossing', { postId, count: 1, seed, startTime: at - 60_000 }) as Crossing[];
  const c = doc!;
  c.direction = 'entry';
  c.traveller = { ...c.traveller, surname: traveller.surname, givenNames: traveller.given, birthDate: traveller.birthDate, nationality: traveller.nationality };
  c.document = { ...c.document, issuingState: traveller.nationality, documentNumber: traveller.documentNumber, valid: true };
  c.decision = { outcome: 'admitted', at: iso(at) };
  c.timings = { startedAt: iso(at - 40_000), documentReadAt: iso(at - 35_000), biometricsAt: iso(at - 15_000), checksAt: iso(at - 12_000), decidedAt: iso(at) };
  c.checks = { ...c.checks, hits: [] };
  return c;
}

interface ConflictView {
  db: string;
  id: string;
  winningRev: string;
  versions: { rev: string; doc: Record<string, unknown> & { decision?: { note?: string } } }[];
}

describeBackends('supervisor console: conflicts, stay rules, hit reasons', ({ backend, postgres }) => {
  let test: TestServer;
  let app: FastifyInstance;
  const tokens: Partial<Record<ConsoleRole, string>> = {};
  let north: { token: string };
  let south: { token: string };
  const now = Date.now();

  const call = async (role: ConsoleRole, method: string, url: string, payload?: unknown) =>
    app.inject({ method: method as 'GET', url, ...(payload !== undefined ? { payload: payload as object } : {}), headers: { authorization: `Bearer ${tokens[role]}` } });
  const catchUp = async () => {
    await test.server.projector.catchUp();
    await consoleProjectorOf(test.server.storage.sql).catchUp();
  };

  beforeAll(async () => {
    test = await TestServer.start(backend, postgres());
    app = test.server.app;
    for (const role of ['admin', 'supervisor', 'analyst'] as const) tokens[role] = await test.consoleToken(role);
    north = await test.enrolStation('north');
    south = await test.enrolStation('south');
  });
  afterAll(() => test?.stop());

  it('a post restored from an old backup makes a real conflict; the supervisor keeps one version and the restored post pulls the resolution', async () => {
    const remote = () => remotePouch(`${test.url}/post-south`, { token: south.token });
    const live = localPouch();
    const backup = localPouch();
    const doc = crossing('south', 21, now - 3 * DAY, { surname: 'MENSAH', given: 'KOFI', birthDate: '1979-01-02', nationality: 'GHA', documentNumber: 'H1234567' });
    await live.put(doc);
    await live.replicate.to(remote());
    await live.replicate.to(backup); // the nightly backup, taken before the correction below
    const first = await live.get(doc._id);
    await live.put({ ...first, decision: { ...(first.decision as object), note: 'stamp corrected by the officer' } });
    await live.replicate.to(remote());
    // The laptop dies; the station is restored from the backup and the record is edited again there.
    const restored = await backup.get(doc._id);
    await backup.put({ ...restored, decision: { ...(restored.decision as object), note: 'entered again after the restore' } });
    const pushed = await backup.replicate.to(remote());
    expect(pushed.doc_write_failures).toBe(0);

    expect((await call('analyst', 'GET', '/api/console/conflicts')).statusCode).toBe(403);
    const listed = (await call('supervisor', 'GET', '/api/console/conflicts')).json().conflicts as ConflictView[];
    expect(listed).toHaveLength(1);
    expect((await test.server.storage.access.listAudit(20)).find((e) => e.action === 'console.conflicts.view')).toMatchObject({ actor: 'user:supervisor1' });
    const [item] = listed;
    expect(item).toMatchObject({ db: 'post-south', id: doc._id });
    // Both full versions: every field of the crossing, not only the differing one.
    expect(item!.versions.map((v) => v.doc.decision?.note).sort()).toEqual(['entered again after the restore', 'stamp corrected by the officer']);
    for (const version of item!.versions) expect(version.doc).toMatchObject({ type: 'crossing', traveller: { surname: 'MENSAH' }, document: { documentNumber: 'H1234567' } });
    const corrected = item!.versions.find((v) => v.doc.decision?.note === 'stamp corrected by the officer')!;
    const again = item!.versions.find((v) => v !== corrected)!;

    // Refusals change nothing.
    expect((await call('supervisor', 'POST', '/api/console/conflicts/resolve', { db: 'post-south', id: doc._id, keepRev: '9-nope', note: 'n' })).json().error.code).toBe('SERVER_BAD_REVISION');
    expect((await call('supervisor', 'POST', '/api/console/conflicts/resolve', { db: 'post-south', id: doc._id, keepRev: corrected.rev, note: '' })).statusCode).toBe(400);
    const invalidMerge = await call('supervisor', 'POST', '/api/console/conflicts/resolve', { db: 'post-south', id: doc._id, keepRev: corrected.rev, note: 'n', merged: { ...corrected.doc, direction: 'sideways' } });
    expect(invalidMerge.json().error.code).toBe('SCHEMA_INVALID');
    expect((await call('supervisor', 'GET', '/api/console/conflicts')).json().conflicts[0].versions).toHaveLength(2);

    const resolved = await call('supervisor', 'POST', '/api/console/conflicts/resolve', { db: 'post-south', id: doc._id, keepRev: corrected.rev, note: 'the restored copy missed the correction' });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ ok: true, kept: corrected.rev, closed: [again.rev], winningRev: corrected.rev, decidedBy: 'user:supervisor1' });
    const after = (await call('supervisor', 'GET', '/api/console/conflicts')).json();
    expect(after.conflicts).toHaveLength(0);
    expect(after.resolved[0]).toMatchObject({ subject: `post-south/${doc._id}`, decision: 'kept', note: 'the restored copy missed the correction', decidedBy: 'user:supervisor1', details: { keepRev: corrected.rev, closed: [again.rev] } });
    expect(Date.parse(after.resolved[0].decidedAt)).toBeGreaterThan(now - 60_000);
    expect((await test.server.storage.access.listAudit(50)).some((e) => e.action === 'console.conflicts.decide' && e.target === `post-south/${doc._id}`)).toBe(true);
    expect((await call('supervisor', 'POST', '/api/console/conflicts/resolve', { db: 'post-south', id: doc._id, keepRev: corrected.rev, note: 'again' })).json().error.code).toBe('SERVER_NO_CONFLICT');

    // The console's record follows the kept version.
    await catchUp();
    expect((await call('supervisor', 'GET', `/api/console/crossings/${encodeURIComponent(doc._id)}`)).json().crossing.decision.note).toBe('stamp corrected by the officer');

    // The restored station pulls its post's database: the kept version and the closed branch arrive,
    // and it ends on the same single leaf as central. Pushing afterwards sends nothing and is refused nothing.
    const pulled = await backup.replicate.from(remote());
    expect(pulled.doc_write_failures).toBe(0);
    const local = await backup.get(doc._id, { conflicts: true });
    expect(local._rev).toBe(corrected.rev);
    expect(local._conflicts).toBeUndefined();
    expect((local.decision as { note: string }).note).toBe('stamp corrected by the officer');
    const pushedAgain = await backup.replicate.to(remote());
    expect(pushedAgain).toMatchObject({ doc_write_failures: 0, docs_written: 0 });
    const central = await remote().get(doc._id, { conflicts: true });
    expect(central._rev).toBe(corrected.rev);
    expect(central._conflicts).toBeUndefined();
    await live.destroy();
    await backup.destroy();
  });

  it('a reference conflict resolved with a merged version reaches the post that may read it (audience kept)', async () => {
    const profile = { name: 'Night travel', rule: { timeOfDay: { from: '22:00', to: '04:00' } }, action: 'flag', effectiveFrom: '2026-01-01', posts: ['north'] };
    expect((await call('analyst', 'PUT', '/api/console/risk-profiles/night', profile)).statusCode).toBe(200);
    const docs = test.server.storage.docs;
    const meta = (await docs.getMeta('reference', 'risk-profile:night'))!;
    const current = (await docs.readRevision('reference', 'risk-profile:night', meta, meta.winningRev))!;
    // Central restored from an old backup and the profile saved again there: a second first revision.
    const hash = crypto.randomBytes(16).toString('hex');
    const { _rev: _ignored, ...body } = current;
    const written = await docs.writeDocs('reference', [{ ...body, _rev: `1-${hash}`, _revisions: { start: 1, ids: [hash] }, action: 'refer' }], {
      newEdits: false,
      audienceOf: (doc) => encodeAudience(referenceAudience(doc)),
    });
    expect(written[0]!.error).toBeUndefined();

    const northPost = localPouch();
    const pull = async (post: ReturnType<typeof localPouch>, token: string) => post.replicate.from(remotePouch(`${test.url}/reference`, { token }));
    await pull(northPost, north.token);
    expect((await northPost.get('risk-profile:night', { conflicts: true }))._conflicts).toHaveLength(1);

    const item = ((await call('supervisor', 'GET', '/api/console/conflicts')).json().conflicts as ConflictView[]).find((c) => c.id === 'risk-profile:night')!;
    expect(item.versions.map((v) => v.doc.action).sort()).toEqual(['flag', 'refer']);
    const keep = item.versions.find((v) => v.doc.action === 'flag')!;
    const resolved = await call('supervisor', 'POST', '/api/console/conflicts/resolve', {
      db: 'reference',
      id: 'risk-profile:night',
      keepRev: keep.rev,
      note: 'refer at night, as saved after the restore; name kept',
      merged: { ...keep.doc, action: 'refer', _rev: 'ignored', _attachments: { x: { stub: true } } },
    });
    expect(resolved.statusCode).toBe(200);
    const mergedRev = resolved.json().mergedRev as string;
    expect(mergedRev.startsWith(`${Number(keep.rev.split('-')[0]) + 1}-`)).toBe(true);
    expect((await call('supervisor', 'GET', '/api/console/conflicts')).json().resolved[0]).toMatchObject({ decision: 'merged', details: { mergedRev } });

    await pull(northPost, north.token);
    const local = await northPost.get('risk-profile:night', { conflicts: true });
    expect(local).toMatchObject({ _rev: mergedRev, action: 'refer', name: 'Night travel' });
    expect(local._conflicts).toBeUndefined();
    expect(local._attachments).toBeUndefined();
    // A post outside the profile's audience still sees nothing of it.
    const southPost = localPouch();
    await pull(southPost, south.token);
    await expect(southPost.get('risk-profile:night')).rejects.toMatchObject({ status: 404 });
    await northPost.destroy();
    await southPost.destroy();
  });

  it("a user document's password hash never reaches the conflict view, and a merged version keeps the kept revision's hash", async () => {
    const [user] = exampleDocuments('user', { postId: 'north', count: 1, seed: 9 }) as PouchDoc[];
    const audienceOf = (doc: Record<string, unknown>) => encodeAudience(referenceAudience(doc));
    const branch = (passwordHash: string, name: string) => {
      const hash = crypto.randomBytes(16).toString('hex');
      return { ...user!, _rev: `1-${hash}`, _revisions: { start: 1, ids: [hash] }, passwordHash, name };
    };
    const written = await test.server.storage.docs.writeDocs('reference', [branch('$scrypt$first-secret-hash', 'Amina Sow'), branch('$scrypt$second-secret-hash', 'Aminata Sow')], { newEdits: false, audienceOf });
    expect(written.every((w) => !w.error)).toBe(true);

    const response = await call('supervisor', 'GET', '/api/console/conflicts');
    expect(response.body).not.toContain('secret-hash');
    const item = (response.json().conflicts as ConflictView[]).find((c) => c.id === user!._id)!;
    const shown = item.versions.map((v) => v.doc.passwordHash as string);
    expect(shown.every((h) => h.startsWith('hidden (fingerprint '))).toBe(true);
    expect(new Set(shown).size).toBe(2); // the versions differ, and the page can say so

    const keep = item.versions[0]!;
    const other = item.versions[1]!;
    const resolved = await call('supervisor', 'POST', '/api/console/conflicts/resolve', { db: 'reference', id: user!._id, keepRev: keep.rev, note: 'name from the other version', merged: { ...keep.doc, name: other.doc.name, passwordHash: 'chosen-by-the-client' } });
    expect(resolved.statusCode).toBe(200);
    const meta = (await test.server.storage.docs.getMeta('reference', user!._id))!;
    const stored = (await test.server.storage.docs.readRevision('reference', user!._id, meta, meta.winningRev))!;
    const keptRaw = (await test.server.storage.docs.readRevision('reference', user!._id, meta, keep.rev))!;
    expect(stored).toMatchObject({ name: other.doc.name, passwordHash: keptRaw.passwordHash });
    expect(String(stored.passwordHash)).toMatch(/secret-hash$/);
  });

  it('two supervisors resolving the same conflict at once: one wins, the other is told, one decision is recorded', async () => {
    const [user] = exampleDocuments('user', { postId: 'south', count: 1, seed: 12 }) as PouchDoc[];
    const branches = ['Ali', 'Aly'].map((name) => {
      const hash = crypto.randomBytes(16).toString('hex');
      return { ...user!, _rev: `1-${hash}`, _revisions: { start: 1, ids: [hash] }, name };
    });
    await test.server.storage.docs.writeDocs('reference', branches, { newEdits: false, audienceOf: (doc) => encodeAudience(referenceAudience(doc)) });
    const item = ((await call('supervisor', 'GET', '/api/console/conflicts')).json().conflicts as ConflictView[]).find((c) => c.id === user!._id)!;
    const answers = await Promise.all(item.versions.map((v) => call('supervisor', 'POST', '/api/console/conflicts/resolve', { db: 'reference', id: user!._id, keepRev: v.rev, note: `keep ${String(v.doc.name)}` })));
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses[0]).toBe(200);
    expect([404, 409]).toContain(statuses[1]);
    // The document survives with the winner's version and no conflict (both branches closed would delete it).
    const meta = (await test.server.storage.docs.getMeta('reference', user!._id))!;
    expect(meta.deleted).toBe(false);
    const winner = answers.find((a) => a.statusCode === 200)!.json() as { kept: string };
    expect(meta.winningRev).toBe(winner.kept);
    expect((await test.server.storage.docs.readRevision('reference', user!._id, meta, meta.winningRev, { conflicts: true }))!._conflicts).toBeUndefined();
    const decisions = await test.server.storage.sql.query<{ subject: string }>("SELECT subject FROM sv_decisions WHERE queue = 'conflicts' AND subject = $1", [`reference/${user!._id}`]);
    expect(decisions).toHaveLength(1);
  });

  it('stay rules: analysts read, supervisors edit with checked rules, and the overstay queue follows the rules', async () => {
    const traveller = { surname: 'ADEYEMI', given: 'TUNDE', birthDate: '1988-08-08', nationality: 'NGA', documentNumber: 'A7777777' };
    const post = localPouch();
    await post.bulkDocs([crossing('north', 31, now - 40 * DAY, traveller)]);
    await post.replicate.to(remotePouch(`${test.url}/post-north`, { token: north.token }));
    await catchUp();
    await post.destroy();
    const overstays = async () => ((await call('supervisor', 'GET', '/api/console/stays?overstaysOnly=true')).json().stays as { document: { documentNumber: string }; rule: string; overstayDays: number }[]).filter((s) => s.document.documentNumber === 'A7777777');

    const read = await call('analyst', 'GET', '/api/console/stay-rules');
    expect(read.json()).toEqual({ rules: [{ id: 'default-90-in-180', match: {}, kind: 'rolling', maxDays: 90, windowDays: 180 }], updatedBy: null, updatedAt: null });
    expect(await overstays()).toEqual([]);

    const defaultRule = { id: 'default', match: {}, kind: 'rolling', maxDays: 90, windowDays: 180 };
    const nigeria = { id: 'nga-30', match: { nationalities: ['NGA'] }, kind: 'fixed', maxDays: 30 };
    expect((await call('analyst', 'PUT', '/api/console/stay-rules', { rules: [defaultRule, nigeria] })).statusCode).toBe(403);
    const refusals: [unknown[], RegExp][] = [
      [[defaultRule, { ...nigeria, match: { nationalities: ['Nigeria'] } }], /ICAO three-letter codes/],
      [[defaultRule, { ...nigeria, maxDays: 0 }], /maxDays must be a positive integer/],
      [[{ ...defaultRule, windowDays: 60 }], /windowDays must be an integer ≥ maxDays/],
      [[defaultRule, { ...nigeria, id: 'default' }], /appears twice/],
      [[nigeria], /one rule must match everyone/],
      [[defaultRule, { ...nigeria, id: 'has space' }], /the id may hold only/],
      [[defaultRule, { ...nigeria, kind: 'forever' }], /unknown kind/],
      [[defaultRule, { ...nigeria, match: { visaTypes: [''] } }], /visa types must be short codes/],
      [[defaultRule, nigeria, { ...nigeria, id: 'ecowas', match: { nationalities: ['GHA', 'NGA'] } }], /rules nga-30 and ecowas both apply to NGA at the same precedence/],
      [[defaultRule, { ...defaultRule, id: 'default-2' }], /rules default and default-2 both apply to everyone/],
      [[defaultRule, { ...nigeria, match: { nationalities: ['NGA'], visaTypes: ['DIP'] } }, { ...nigeria, id: 'dip', match: { nationalities: ['NGA', 'GHA'], visaTypes: ['DIP', 'TRN'] } }], /both apply to NGA \+ DIP/],
    ];
    for (const [rules, message] of refusals) {
      const refused = await call('supervisor', 'PUT', '/api/console/stay-rules', { rules });
      expect({ rules, status: refused.statusCode, code: refused.json().error.code }).toEqual({ rules, status: 400, code: 'SERVER_BAD_STAY_RULES' });
      expect(refused.json().error.message).toMatch(message);
    }
    expect((await call('analyst', 'GET', '/api/console/stay-rules')).json().updatedBy).toBeNull();

    // A supervisor shortens the stay for Nigerians: the 40-day stay becomes an overstay at once.
    // Rules of different precedence may name the same nationality (the more specific wins, by design).
    expect((await call('supervisor', 'PUT', '/api/console/stay-rules', { rules: [defaultRule, nigeria, { ...nigeria, id: 'nga-dip', match: { nationalities: ['NGA'], visaTypes: ['DIP'] }, kind: 'exempt' }] })).statusCode).toBe(200);
    const saved = await call('supervisor', 'PUT', '/api/console/stay-rules', { rules: [defaultRule, { ...nigeria, colour: 'red' }] });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().rules[1]).toEqual(nigeria); // unknown fields are not stored
    expect(await overstays()).toEqual([expect.objectContaining({ rule: 'nga-30', overstayDays: 11 })]);
    expect((await call('analyst', 'GET', '/api/console/stay-rules')).json()).toMatchObject({ rules: [defaultRule, nigeria], updatedBy: 'user:supervisor1' });
    // Two editors: a save based on rules someone else replaced meanwhile is refused, nothing changes.
    const loaded = (await call('supervisor', 'GET', '/api/console/stay-rules')).json() as { updatedAt: string };
    expect((await call('supervisor', 'PUT', '/api/console/stay-rules', { rules: [defaultRule, nigeria], ifUpdatedAt: null })).json().error.code).toBe('SERVER_STAY_RULES_CHANGED');
    const stale = await call('admin', 'PUT', '/api/console/stay-rules', { rules: [defaultRule], ifUpdatedAt: '2020-01-01T00:00:00.000Z' });
    expect({ status: stale.statusCode, code: stale.json().error.code }).toEqual({ status: 409, code: 'SERVER_STAY_RULES_CHANGED' });
    expect(stale.json().error.message).toContain('user:supervisor1');
    expect(await overstays()).toEqual([expect.objectContaining({ rule: 'nga-30' })]);
    // Exempt (by visa type and nationality) and the default back: the overstay goes away.
    expect((await call('admin', 'PUT', '/api/console/stay-rules', { rules: [defaultRule, { id: 'diplomats', match: { nationalities: ['NGA'], visaTypes: ['DIP'] }, kind: 'exempt' }], ifUpdatedAt: loaded.updatedAt })).statusCode).toBe(200);
    expect(await overstays()).toEqual([]);
  });

  it('alert hits carry the matcher reasons as data; crossings recorded before reasons keep the explanation; malformed reasons are refused at replication', async () => {
    const person = { _id: 'alert-person:watch:P-9', type: 'alert-person', listId: 'watch', listVersion: 1, entryId: 'P-9', names: [{ surname: 'DIALLO', givenNames: 'MUHAMMAD' }], birthDates: ['1985-06-05'], sex: 'M', nationalities: ['GIN'], reason: 'r', instruction: 'i' };
    const seen = { surname: 'DIALLO', givenNames: 'MOHAMED', birthDate: '1985-05-06', sex: 'M', nationality: 'GIN' };
    const t = prepareTraveller(seen, icaoNormaliser);
    const p = preparePerson(person as Parameters<typeof preparePerson>[0], icaoNormaliser);
    const scored = scorePerson(t, p, { expectedNamesakes: 0 });
    const reasons = personScoreReasons(t, p, scored);
    expect(reasons.map((r) => r.kind)).toEqual(expect.arrayContaining(['name', 'birth-date']));
    const hit = { listId: 'watch', listVersion: 1, entryId: 'P-9', kind: 'person', score: Math.min(1, Math.max(0, scored.score)), explanation: explainPersonScore(t, p, scored) };

    const withReasons = crossing('north', 41, now - 2 * DAY, { surname: 'DIALLO', given: 'MOHAMED', birthDate: '1985-05-06', nationality: 'GIN', documentNumber: 'G1111111' });
    withReasons.checks = { ...withReasons.checks, hits: [{ ...hit, reasons }] };
    const older = crossing('north', 42, now - 5 * DAY, { surname: 'DIALLO', given: 'MOHAMED', birthDate: '1985-05-06', nationality: 'GIN', documentNumber: 'G1111112' });
    older.checks = { ...older.checks, hits: [hit] };
    const malformed = crossing('north', 43, now - 1 * DAY, { surname: 'DIALLO', given: 'MOHAMED', birthDate: '1985-05-06', nationality: 'GIN', documentNumber: 'G1111113' });
    malformed.checks = { ...malformed.checks, hits: [{ ...hit, reasons: [{ kind: 'name', relation: 'looks-alike' }] }] };
    const post = localPouch();
    await post.bulkDocs([withReasons, older, malformed]);
    const pushed = await post.replicate.to(remotePouch(`${test.url}/post-north`, { token: north.token }));
    expect(pushed.doc_write_failures).toBe(1);
    await catchUp();
    await post.destroy();

    const hits = (await call('analyst', 'GET', '/api/console/hits?listId=watch')).json().hits as { crossingId: string; reasons: unknown; explanation: string }[];
    expect(hits.map((h) => h.crossingId)).toEqual([withReasons._id, older._id]);
    expect(hits[0]).toMatchObject({ reasons, explanation: hit.explanation });
    expect(hits[1]).toMatchObject({ reasons: null, explanation: hit.explanation });
    const record = (await call('analyst', 'GET', `/api/console/crossings/${encodeURIComponent(withReasons._id)}`)).json();
    expect(record.crossing.checks.hits[0].reasons).toEqual(reasons);
  });
});
