import { exampleDocuments, newPostDocId } from '@borderpost/schemas';
import { TestServer, describeBackends } from '../testing/harness';
import { sha256 } from './secrets';
import { localPouch, remotePouch, type PouchDoc } from '../testing/pouch';

jest.setTimeout(60_000);

interface Doc extends Record<string, unknown> {
  _id: string;
}

/** A document as PouchDB's replicator sends it with new_edits: false. */
function replicated(doc: Doc, hash = 'a'.repeat(32)): Doc {
  return { ...doc, _rev: `1-${hash}`, _revisions: { start: 1, ids: [hash] } };
}

describeBackends('authorization matrix', ({ backend, postgres }) => {
  let test: TestServer;
  let p1: { token: string; stationId: string };
  let p2: { token: string; stationId: string };

  beforeAll(async () => {
    test = await TestServer.start(backend, postgres());
    p1 = await test.enrolStation('p1');
    p2 = await test.enrolStation('p2');
  });
  afterAll(() => test?.stop());

  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, token: string | null, payload?: unknown) =>
    test.server.app.inject({ method, url, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}), ...(payload !== undefined ? { payload: payload as object } : {}) });
  const access = () => test.server.storage.access;
  const stored = async (db: string, id: string) => (await test.server.storage.docs.getMeta(db, id)) !== null;
  const stillServing = async () => expect((await inject('GET', '/', p1.token)).statusCode).toBe(200);

  it('refuses a request without a token, with a malformed header, or with an unknown token: 401, nothing stored', async () => {
    const [doc] = exampleDocuments('crossing', { postId: 'p1', count: 1 }) as Doc[];
    for (const headers of [{}, { authorization: 'Basic dXNlcjpwYXNz' }, { authorization: 'Bearer bps_not-a-real-token-at-all' }]) {
      const response = await test.server.app.inject({ method: 'POST', url: '/post-p1/_bulk_docs', headers, payload: { docs: [replicated(doc!)], new_edits: false } });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: 'unauthorized' });
    }
    for (const url of ['/', '/post-p1', '/reference/_changes', '/post-p1/_local/x', '/api/stations']) expect((await inject('GET', url, null)).statusCode).toBe(401);
    expect(await stored('post-p1', doc!._id)).toBe(false);
    await stillServing();
  });

  it('refuses a revoked token from the next request on, and PouchDB stops with that 401', async () => {
    const victim = await test.enrolStation('p1', 'Stolen laptop');
    expect((await inject('GET', '/post-p1', victim.token)).statusCode).toBe(200);
    const admin = await test.adminToken();
    expect((await inject('POST', `/api/stations/${victim.stationId}/revoke`, admin)).statusCode).toBe(200);
    expect((await inject('GET', '/post-p1', victim.token)).statusCode).toBe(401);
    const post = localPouch();
    const [doc] = exampleDocuments('crossing', { postId: 'p1', count: 1 }) as PouchDoc[];
    await post.put(doc!);
    await expect(post.replicate.to(remotePouch(`${test.url}/post-p1`, { token: victim.token }))).rejects.toMatchObject({ status: 401 });
    expect(await stored('post-p1', doc!._id)).toBe(false);
    await post.destroy();
    const audit = await test.server.storage.access.listAudit(20);
    expect(audit.some((entry) => entry.action === 'station.revoke' && entry.target === victim.stationId)).toBe(true);
    await stillServing();
  });

  it("refuses another post's database: 403 for reads and writes", async () => {
    const [doc] = exampleDocuments('crossing', { postId: 'p2', count: 1 }) as Doc[];
    expect((await inject('POST', '/post-p2/_bulk_docs', p1.token, { docs: [replicated(doc!)], new_edits: false })).statusCode).toBe(403);
    for (const url of ['/post-p2', '/post-p2/_changes', `/post-p2/${encodeURIComponent(doc!._id)}`, '/post-p2/_local/checkpoint']) {
      const response = await inject('GET', url, p1.token);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ error: 'forbidden', code: 'SERVER_OTHER_POST' });
    }
    expect(await stored('post-p2', doc!._id)).toBe(false);
    await stillServing();
  });

  it('refuses, per document, one claiming another post and a malformed one, and stores the rest of the batch', async () => {
    const [good, alsoGood] = exampleDocuments('crossing', { postId: 'p1', count: 2 }) as Doc[];
    const [foreign] = exampleDocuments('crossing', { postId: 'p2', count: 1 }) as Doc[];
    const spoofed = { ...alsoGood!, postId: 'p2' };
    const malformed = { ...good!, _id: newPostDocId('crossing', 'p1'), direction: 'sideways' };
    const response = await inject('POST', '/post-p1/_bulk_docs', p1.token, {
      docs: [replicated(good!), replicated(foreign!), replicated(spoofed), replicated(malformed), replicated({ _id: 'alert-person:x:y', type: 'alert-person' }), replicated({ ...good!, _id: `${good!._id}x`, _deleted: true })],
      new_edits: false,
    });
    expect(response.statusCode).toBe(201);
    const results = response.json() as { id: string; ok?: boolean; error?: string; reason?: string }[];
    expect(results.map((result) => result.ok ?? result.error)).toEqual([true, 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden']);
    expect(results[1]!.reason).toMatch(/^SCHEMA_WRONG_POST/);
    expect(results[3]!.reason).toMatch(/^SCHEMA_INVALID/);
    expect(await stored('post-p1', good!._id)).toBe(true);
    expect(await stored('post-p1', foreign!._id)).toBe(false);
    expect(await stored('post-p1', spoofed._id)).toBe(false);
    expect(await stored('post-p1', malformed._id)).toBe(false);
    expect(await stored('post-p1', 'alert-person:x:y')).toBe(false);
    await stillServing();
  });

  it('PouchDB reports refused documents as denied and replicates the others', async () => {
    const post = localPouch();
    const docs = exampleDocuments('crossing', { postId: 'p1', count: 3 }) as PouchDoc[];
    await post.bulkDocs([...docs, { ...docs[0]!, _id: newPostDocId('crossing', 'p1'), direction: 'sideways' }]);
    const denied: unknown[] = [];
    const result = await post.replicate.to(remotePouch(`${test.url}/post-p1`, { token: p1.token })).on('denied', (error) => denied.push(error));
    expect(result).toMatchObject({ docs_written: 3, doc_write_failures: 1 });
    expect(denied).toHaveLength(1);
    await post.destroy();
  });

  it('lets a station read only the reference data meant for its post, and never write it', async () => {
    const admin = await test.adminToken();
    const [forP1] = exampleDocuments('user', { postId: 'p1', count: 1 }) as Doc[];
    const [forP2] = exampleDocuments('user', { postId: 'p2', count: 1 }) as Doc[];
    const write = await inject('POST', '/reference/_bulk_docs', admin, { docs: [forP1, forP2] });
    expect(write.statusCode).toBe(201);
    expect((write.json() as { ok?: boolean }[]).every((result) => result.ok)).toBe(true);

    expect((await inject('GET', `/reference/${encodeURIComponent(forP1!._id)}`, p1.token)).statusCode).toBe(200);
    expect((await inject('GET', `/reference/${encodeURIComponent(forP2!._id)}`, p1.token)).statusCode).toBe(404);
    const bulkGet = await inject('POST', '/reference/_bulk_get', p1.token, { docs: [{ id: forP2!._id }] });
    expect(JSON.stringify(bulkGet.json())).not.toContain('"ok"');
    const changes = (await inject('GET', '/reference/_changes', p1.token)).json() as { results: { id: string }[] };
    expect(changes.results.map((row) => row.id)).toContain(forP1!._id);
    expect(changes.results.map((row) => row.id)).not.toContain(forP2!._id);

    const [alert] = exampleDocuments('alert-person', { postId: 'p1', count: 1 }) as Doc[];
    const refused = await inject('POST', '/reference/_bulk_docs', p1.token, { docs: [replicated(alert!)], new_edits: false });
    expect(refused.statusCode).toBe(403);
    expect(await stored('reference', alert!._id)).toBe(false);
    await stillServing();
  });

  it('keeps _local checkpoints per station, with CouchDB rev semantics', async () => {
    const put = await inject('PUT', '/reference/_local/rep1', p1.token, { last_seq: 5 });
    expect(put.statusCode).toBe(201);
    expect(put.json()).toMatchObject({ ok: true, rev: '0-1' });
    expect((await inject('PUT', '/reference/_local/rep1', p1.token, { last_seq: 6 })).statusCode).toBe(409);
    expect((await inject('PUT', '/reference/_local/rep1', p1.token, { _rev: '0-1', last_seq: 6 })).json()).toMatchObject({ rev: '0-2' });
    expect((await inject('GET', '/reference/_local/rep1', p2.token)).statusCode).toBe(404);
  });

  it('admin API: roles, sign-in, enrolment codes that expire and can be revoked, audit of who did what', async () => {
    const admin = await test.adminToken();
    const createSupervisor = await inject('POST', '/api/users', admin, { userId: 'sup', name: 'Supervisor', role: 'supervisor', password: 'another long password' });
    expect(createSupervisor.statusCode).toBe(201);
    const signIn = await inject('POST', '/api/auth/sign-in', null, { userId: 'sup', password: 'another long password' });
    expect(signIn.statusCode).toBe(200);
    const supervisor = (signIn.json() as { token: string }).token;
    expect((await inject('GET', '/api/stations', supervisor)).statusCode).toBe(200);
    expect((await inject('POST', '/api/enrolment-codes', supervisor, { postId: 'p3' })).statusCode).toBe(403);
    expect((await inject('GET', '/api/stations', p1.token)).statusCode).toBe(403);
    const wrong = await inject('POST', '/api/auth/sign-in', null, { userId: 'sup', password: 'nope nope nope' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ ok: false, error: { code: 'SERVER_BAD_CREDENTIALS', message: 'unknown user or wrong password' } });

    // Guessing is slowed: after 10 refusals in 15 minutes even the right password waits.
    await access().createUser({ userId: 'guessed', name: 'Target', role: 'supervisor', password: 'the right password' }, 'test');
    for (let i = 0; i < 10; i++) expect((await inject('POST', '/api/auth/sign-in', null, { userId: 'guessed', password: `guess number ${i}` })).statusCode).toBe(401);
    const locked = await inject('POST', '/api/auth/sign-in', null, { userId: 'guessed', password: 'the right password' });
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ ok: false, error: { code: 'SERVER_TOO_MANY_ATTEMPTS' } });

    const code = (await inject('POST', '/api/enrolment-codes', admin, { postId: 'p3' })).json() as { code: string; codeId: string };
    expect((await inject('POST', `/api/enrolment-codes/${code.codeId}/revoke`, admin)).statusCode).toBe(200);
    const revokedUse = await inject('POST', '/api/stations/enrol', null, { code: code.code, stationName: 'X' });
    expect(revokedUse.statusCode).toBe(403);
    expect(revokedUse.json()).toMatchObject({ ok: false, error: { code: 'SERVER_BAD_ENROLMENT_CODE' } });

    const expiring = await test.server.storage.access.createEnrolmentCode('p3', 'test', 1);
    await test.server.storage.sql.execute('UPDATE enrolment_codes SET expires_at = $2 WHERE code_id = $1', [expiring.codeId, new Date(Date.now() - 1000).toISOString()]);
    expect((await inject('POST', '/api/stations/enrol', null, { code: expiring.code, stationName: 'X' })).statusCode).toBe(403);

    const fresh = (await inject('POST', '/api/enrolment-codes', admin, { postId: 'p3' })).json() as { code: string };
    const enrolled = await inject('POST', '/api/stations/enrol', null, { code: fresh.code.toLowerCase(), stationName: 'Gate 2' });
    expect(enrolled.statusCode).toBe(201);
    expect(enrolled.json()).toMatchObject({ postId: 'p3', databases: { outbox: 'post-p3', reference: 'reference' } });
    expect((await inject('POST', '/api/stations/enrol', null, { code: fresh.code, stationName: 'Again' })).statusCode).toBe(403);

    // Sessions end: signed out, or past their expiry.
    expect((await inject('POST', '/api/auth/sign-out', supervisor)).statusCode).toBe(200);
    expect((await inject('GET', '/api/stations', supervisor)).statusCode).toBe(401);
    const later = (await inject('POST', '/api/auth/sign-in', null, { userId: 'sup', password: 'another long password' })).json() as { token: string };
    await test.server.storage.sql.execute('UPDATE sessions SET expires_at = $1 WHERE token_hash = $2', [new Date(Date.now() - 1000).toISOString(), sha256(later.token)]);
    expect((await inject('GET', '/api/me', later.token)).statusCode).toBe(401);

    const tokenRows = await test.server.storage.sql.query<{ token_hash: string }>('SELECT token_hash FROM stations');
    const token = (enrolled.json() as { token: string }).token;
    expect(tokenRows.some((row) => row.token_hash === token)).toBe(false);

    const audit = (await inject('GET', '/api/audit?limit=50', admin)).json() as { entries: { action: string; outcome: string }[] };
    const actions = audit.entries.map((entry) => `${entry.action}:${entry.outcome}`);
    expect(actions).toEqual(expect.arrayContaining(['user.create:ok', 'session.sign-in:denied', 'enrolment-code.revoke:ok', 'station.enrol:denied', 'station.enrol:ok', 'replication.bulk-docs:denied']));
    const openapi = (await inject('GET', '/api/openapi.json', null)).json() as { openapi: string; paths: Record<string, unknown> };
    expect(openapi.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/auth/sign-in', '/api/stations/enrol', '/api/enrolment-codes', '/api/users']));
  });
});
