import zlib from 'node:zlib';
import fc from 'fast-check';
import { exampleDocuments } from '@borderpost/schemas';
import { TestServer, describeBackends } from '../testing/harness';

jest.setTimeout(90_000);

describeBackends('bad input never crashes the server', ({ backend, postgres }) => {
  let test: TestServer;
  let token: string;

  beforeAll(async () => {
    test = await TestServer.start(backend, postgres(), { bodyLimitBytes: 256 * 1024, maxBatchDocs: 20 });
    token = (await test.enrolStation('p1')).token;
  });
  afterAll(() => test?.stop());

  const auth = () => ({ authorization: `Bearer ${token}` });
  const post = (url: string, payload: string | Buffer, headers: Record<string, string> = {}) =>
    test.server.app.inject({ method: 'POST', url, payload, headers: { ...auth(), 'content-type': 'application/json', ...headers } });
  const docCount = async () => (await test.server.storage.docs.databaseInfo('post-p1'))!.doc_count;
  const healthy = async () => expect((await test.server.app.inject({ method: 'GET', url: '/', headers: auth() })).statusCode).toBe(200);

  it('answers 400 to invalid JSON', async () => {
    for (const body of ['{"docs": [', 'not json', '{"docs": [{"_id": "x",}]}', '{"__proto__": {"a": 1}, "docs": []}']) {
      const response = await post('/post-p1/_bulk_docs', body);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: 'bad_request' });
    }
    await healthy();
  });

  it('answers 413 to an oversized body or batch, with a clear error, storing nothing', async () => {
    const before = await docCount();
    const huge = await post('/post-p1/_bulk_docs', JSON.stringify({ docs: [{ _id: 'x', pad: 'x'.repeat(300 * 1024) }], new_edits: false }));
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ error: 'too_large', code: 'SERVER_BODY_TOO_LARGE' });
    const bomb = zlib.gzipSync(Buffer.alloc(5 * 1024 * 1024, 0x20));
    expect((await post('/post-p1/_bulk_docs', bomb, { 'content-encoding': 'gzip' })).statusCode).toBe(413);
    const many = exampleDocuments('audit', { postId: 'p1', count: 21 }).map((doc, i) => ({ ...doc, _rev: `1-${String(i).padStart(32, '0')}` }));
    const batch = await post('/post-p1/_bulk_docs', JSON.stringify({ docs: many, new_edits: false }));
    expect(batch.statusCode).toBe(413);
    expect(batch.json()).toMatchObject({ code: 'SERVER_BATCH_TOO_LARGE' });
    expect(await docCount()).toBe(before);
    await healthy();
  });

  it('answers 400 to bad revisions and stores nothing of that batch', async () => {
    const [doc] = exampleDocuments('audit', { postId: 'p1', count: 1 });
    const before = await docCount();
    for (const revision of [{ _rev: 'nonsense' }, { _rev: '0-abc' }, { _rev: '2-abc', _revisions: { start: 2, ids: ['abd', 'x'] } }, { _rev: '1-abc', _revisions: { start: 5, ids: ['abc'] } }, {}]) {
      const response = await post('/post-p1/_bulk_docs', JSON.stringify({ docs: [{ ...doc, ...revision }], new_edits: false }));
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'SERVER_BAD_REVISION' });
    }
    expect((await post('/post-p1/_revs_diff', JSON.stringify({ x: 'not-a-list' }))).statusCode).toBe(400);
    expect((await test.server.app.inject({ method: 'GET', url: '/post-p1/_changes?since=banana', headers: auth() })).statusCode).toBe(400);
    expect((await test.server.app.inject({ method: 'GET', url: '/post-p1/x?open_revs=[oops', headers: auth() })).statusCode).toBe(404);
    expect(await docCount()).toBe(before);
    await healthy();
  });

  it('refuses a document containing NUL per document (PostgreSQL text cannot hold it) instead of failing the batch', async () => {
    const [doc] = exampleDocuments('audit', { postId: 'p1', count: 1 }) as { _id: string }[];
    const response = await post('/post-p1/_bulk_docs', JSON.stringify({ docs: [{ ...doc, actorId: 'nul\u0000here', _rev: `1-${'c'.repeat(32)}` }], new_edits: false }));
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual([expect.objectContaining({ error: 'forbidden', reason: expect.stringMatching(/^SERVER_NUL_CHARACTER/) })]);
    await healthy();
  });

  it('answers "missing" (not a 500) for unknown revisions of an existing document, with and without latest', async () => {
    const [doc] = exampleDocuments('audit', { postId: 'p1', count: 1 }) as { _id: string }[];
    expect((await post('/post-p1/_bulk_docs', JSON.stringify({ docs: [{ ...doc, _rev: `1-${'f'.repeat(32)}` }], new_edits: false }))).statusCode).toBe(201);
    const bulkGet = await post('/post-p1/_bulk_get?revs=true&latest=true', JSON.stringify({ docs: [{ id: doc!._id, rev: '7-0123' }, { id: doc!._id }] }));
    expect(bulkGet.statusCode).toBe(200);
    const [unknown, current] = (bulkGet.json() as { results: { docs: { ok?: unknown; error?: { error: string } }[] }[] }).results;
    expect(unknown!.docs[0]!.error).toMatchObject({ error: 'not_found' });
    expect(current!.docs[0]!.ok).toMatchObject({ _id: doc!._id, _revisions: { start: 1 } });
    const openRevs = await test.server.app.inject({ method: 'GET', url: `/post-p1/${encodeURIComponent(doc!._id)}?open_revs=${encodeURIComponent('["7-0123"]')}&latest=true`, headers: auth() });
    expect(openRevs.json()).toEqual([{ missing: '7-0123' }]);
    expect((await test.server.app.inject({ method: 'GET', url: `/post-p1/${encodeURIComponent(doc!._id)}?rev=7-0123&latest=true`, headers: auth() })).statusCode).toBe(404);
  });

  it('answers 404 for unknown databases, documents and attachments', async () => {
    for (const url of ['/nope', '/post-nowhere', '/post-p1/no-such-doc', '/post-p1/no-such-doc/face.jpg', '/reference/_local/none']) {
      const response = await test.server.app.inject({ method: 'GET', url, headers: auth() });
      expect([403, 404]).toContain(response.statusCode);
    }
    expect((await test.server.app.inject({ method: 'GET', url: '/nope', headers: auth() })).json()).toMatchObject({ error: 'not_found', code: 'SERVER_UNKNOWN_DATABASE' });
    // HEAD /{db}: the existence check CouchDB's own replicator uses.
    expect((await test.server.app.inject({ method: 'HEAD', url: '/post-p1', headers: auth() })).statusCode).toBe(200);
    expect((await test.server.app.inject({ method: 'HEAD', url: '/nope', headers: auth() })).statusCode).toBe(404);
    expect((await test.server.app.inject({ method: 'POST', url: '/post-p1/_ensure_full_commit', headers: auth() })).json()).toEqual({ ok: true, instance_start_time: '0' });
    await healthy();
  });

  it('answers 400 to a truncated or corrupt gzip body and 415 to an unknown encoding', async () => {
    const [doc] = exampleDocuments('audit', { postId: 'p1', count: 1 });
    const body = zlib.gzipSync(JSON.stringify({ docs: [{ ...doc, _rev: `1-${'b'.repeat(32)}` }], new_edits: false }));
    const truncated = await post('/post-p1/_bulk_docs', body.subarray(0, body.length - 12), { 'content-encoding': 'gzip' });
    expect(truncated.statusCode).toBe(400);
    expect(truncated.json()).toMatchObject({ code: 'SERVER_BAD_ENCODING' });
    expect((await post('/post-p1/_bulk_docs', Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' })).statusCode).toBe(400);
    expect((await post('/post-p1/_bulk_docs', body, { 'content-encoding': 'zstd-unknown' })).statusCode).toBe(415);
    expect(await test.server.storage.docs.getMeta('post-p1', (doc as { _id: string })._id)).toBeNull();
    const ok = await post('/post-p1/_bulk_docs', body, { 'content-encoding': 'gzip' });
    expect(ok.statusCode).toBe(201);
    await healthy();
  });

  it('compresses large responses for clients that accept gzip, and not for those that do not', async () => {
    const docs = exampleDocuments('audit', { postId: 'p1', count: 20 }).map((doc, i) => ({ ...doc, _rev: `1-${String(i).padStart(32, 'e')}` }));
    expect((await post('/post-p1/_bulk_docs', JSON.stringify({ docs, new_edits: false }))).statusCode).toBe(201);
    const gzipped = await test.server.app.inject({ method: 'GET', url: '/post-p1/_changes?style=all_docs', headers: { ...auth(), 'accept-encoding': 'gzip' } });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    const changes = JSON.parse(zlib.gunzipSync(gzipped.rawPayload).toString('utf8')) as { results: unknown[] };
    expect(changes.results.length).toBeGreaterThanOrEqual(20);
    const plain = await test.server.app.inject({ method: 'GET', url: '/post-p1/_changes?style=all_docs', headers: auth() });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json()).toEqual(changes);
  });

  it('fuzz: random methods, paths, headers and bodies always get a 2xx–4xx answer', async () => {
    // Existing documents too, so revision and attachment lookups run on real trees.
    const [existing] = exampleDocuments('crossing', { postId: 'p1', count: 1 }) as { _id: string }[];
    const created = await post('/post-p1/_bulk_docs', JSON.stringify({ docs: [existing], new_edits: true }));
    expect(created.statusCode).toBe(201);
    const rev = (created.json() as { rev: string }[])[0]!.rev;
    const docPath = `/post-p1/${encodeURIComponent(existing!._id)}`;
    const paths = [docPath, `${docPath}/face.jpg`, `${docPath}/nope.png`, '/', '/post-p1', '/post-p2', '/reference', '/post-p1/_changes', '/post-p1/_bulk_docs', '/post-p1/_bulk_get', '/post-p1/_revs_diff', '/post-p1/_local/x', '/post-p1/doc', '/post-p1/doc/att', '/api/stations/enrol', '/api/auth/sign-in', '/api/users', '/health'];
    const json = fc.jsonValue({ maxDepth: 4 });
    const body = fc.oneof(
      json.map((value) => JSON.stringify(value)),
      fc.record({ docs: fc.array(fc.oneof(json, fc.record({ _id: fc.string(), _rev: fc.string(), _revisions: json, type: fc.constantFrom('crossing', 'audit', 'user'), postId: fc.constantFrom('p1', 'p2') })), { maxLength: 5 }), new_edits: fc.boolean() }).map((value) => JSON.stringify(value)),
      fc.string(),
      fc.string({ unit: 'binary', maxLength: 40 }).map((text) => JSON.stringify({ docs: [{ _id: text, _rev: `1-${'d'.repeat(32)}`, type: 'audit' }], new_edits: false, [text]: [text] })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<'GET' | 'POST' | 'PUT' | 'DELETE'>('GET', 'POST', 'PUT', 'DELETE'),
        fc.constantFrom(...paths),
        fc.dictionary(
          fc.constantFrom('since', 'limit', 'feed', 'style', 'revs', 'open_revs', 'latest', 'rev', 'attachments', 'conflicts', 'include_docs'),
          fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('true', 'false', 'all', rev, `["${rev}"]`, '["9-abc"]', '2-abc', 'now', '0')),
          { maxKeys: 4 },
        ),
        body,
        fc.boolean(),
        async (method, path, query, payload, gzip) => {
          const queryString = new URLSearchParams({ ...query, ...(query.feed === 'longpoll' ? { timeout: '50' } : {}) }).toString();
          const response = await test.server.app.inject({
            method,
            url: `${path}${queryString ? `?${queryString}` : ''}`,
            headers: { ...auth(), 'content-type': 'application/json', ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
            ...(method === 'GET' || method === 'DELETE' ? {} : { payload: gzip ? zlib.gzipSync(payload) : payload }),
          });
          expect(response.statusCode).toBeGreaterThanOrEqual(200);
          expect(response.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 300, seed: 5 },
    );
    await healthy();
  });
});
