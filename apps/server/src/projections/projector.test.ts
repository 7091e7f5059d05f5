import http from 'node:http';
import { exampleDocuments } from '@borderpost/schemas';
import { TestServer, describeBackends } from '../testing/harness';
import { localPouch, remotePouch, type PouchDoc } from '../testing/pouch';

jest.setTimeout(60_000);

describeBackends('projections and operations', ({ backend, postgres }) => {
  let test: TestServer;
  let station: { token: string };

  beforeAll(async () => {
    test = await TestServer.start(backend, postgres());
    station = await test.enrolStation('p1');
  });
  afterAll(() => test?.stop());

  it('projects pushed crossings, travellers, alert hits and audit entries, with lag visible on /health', async () => {
    const post = localPouch();
    const crossings = exampleDocuments('crossing', { postId: 'p1', count: 30, seed: 3 }) as PouchDoc[];
    const travellers = exampleDocuments('traveller', { postId: 'p1', count: 4 }) as PouchDoc[];
    const audits = exampleDocuments('audit', { postId: 'p1', count: 5 }) as PouchDoc[];
    await post.bulkDocs([...crossings, ...travellers, ...audits]);
    await post.replicate.to(remotePouch(`${test.url}/post-p1`, { token: station.token }));
    await test.server.projector.catchUp();

    const health = (await (await fetch(`${test.url}/health`)).json()) as { status: string; projections: { total: number; databases: Record<string, { updateSeq: number; projectedSeq: number }> } };
    expect(health.status).toBe('ok');
    expect(health.projections.total).toBe(0);
    expect(health.projections.databases['post-p1']).toEqual({ updateSeq: 39, projectedSeq: 39 });

    const sql = test.server.storage.sql;
    expect(Number((await sql.query<{ n: number }>('SELECT count(*) AS n FROM crossings'))[0]!.n)).toBe(30);
    expect(Number((await sql.query<{ n: number }>('SELECT count(*) AS n FROM travellers'))[0]!.n)).toBe(4);
    expect(Number((await sql.query<{ n: number }>('SELECT count(*) AS n FROM post_audit'))[0]!.n)).toBe(5);
    const expectedHits = crossings.reduce((sum, doc) => sum + (doc.checks as { hits: unknown[] }).hits.length, 0);
    expect(Number((await sql.query<{ n: number }>('SELECT count(*) AS n FROM alert_hits'))[0]!.n)).toBe(expectedHits);

    const admin = await test.adminToken();
    const listed = (await test.server.app.inject({ method: 'GET', url: '/api/crossings?postId=p1&limit=5', headers: { authorization: `Bearer ${admin}` } })).json() as { crossings: { id: string }[] };
    expect(listed.crossings).toHaveLength(5);

    // A correction (new revision by the owner) replaces the projected row; the checkpoint moves on.
    const first = await post.get(crossings[0]!._id);
    await post.put({ ...first, decision: { ...(first.decision as object), outcome: 'referred' } });
    await post.replicate.to(remotePouch(`${test.url}/post-p1`, { token: station.token }));
    await test.server.projector.catchUp();
    const [row] = await sql.query<{ outcome: string; final_outcome: string | null }>('SELECT outcome, final_outcome FROM crossings WHERE id = $1', [crossings[0]!._id]);
    expect(row).toMatchObject({ outcome: 'referred', final_outcome: null });
    // Secondary inspection decides: the post writes `final` on the crossing; another post's history sees it.
    const referred = await post.get(crossings[0]!._id);
    await post.put({ ...referred, final: { outcome: 'refused', reasonCode: 'FORGED_DOCUMENT', at: new Date().toISOString(), officerId: 'officer-2' } });
    await post.replicate.to(remotePouch(`${test.url}/post-p1`, { token: station.token }));
    await test.server.projector.catchUp();
    const c = referred as unknown as { document: { issuingState: string; documentNumber: string } };
    const history = (await test.server.app.inject({ method: 'GET', url: `/api/travellers/crossings?issuingState=${c.document.issuingState}&documentNumber=${c.document.documentNumber}`, headers: { authorization: `Bearer ${admin}` } })).json() as { crossings: { id: string; outcome: string; final_outcome: string | null }[] };
    expect(history.crossings.find((h) => h.id === crossings[0]!._id)).toMatchObject({ outcome: 'referred', final_outcome: 'refused' });
    expect((await test.server.projector.lag()).total).toBe(0);
    await post.destroy();
  });

  it('rebuilds the projection from scratch when its rows and checkpoints are dropped', async () => {
    const sql = test.server.storage.sql;
    const before = Number((await sql.query<{ n: number }>('SELECT count(*) AS n FROM crossings'))[0]!.n);
    await sql.execute('DELETE FROM crossings');
    await sql.execute('DELETE FROM alert_hits');
    await sql.execute('DELETE FROM projection_checkpoints');
    expect((await test.server.projector.lag()).total).toBeGreaterThan(0);
    await test.server.projector.catchUp();
    expect(Number((await sql.query<{ n: number }>('SELECT count(*) AS n FROM crossings'))[0]!.n)).toBe(before);
  });

  it('logs requests without tokens, passwords, codes or traveller data', async () => {
    const admin = await test.adminToken();
    const code = await test.server.storage.access.createEnrolmentCode('p1', 'test', 5);
    await fetch(`${test.url}/api/stations/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: code.code, stationName: 'Gate 9' }) });
    await fetch(`${test.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'root', password: 'correct horse battery' }) });
    const [crossing] = exampleDocuments('crossing', { postId: 'p1', count: 1 }) as PouchDoc[];
    const post = localPouch();
    await post.put(crossing!);
    await post.replicate.to(remotePouch(`${test.url}/post-p1`, { token: station.token }));
    await fetch(`${test.url}/post-p1`, { headers: { authorization: 'Bearer bps_wrong-token-to-be-logged' } });
    const logs = test.logs.join('');
    expect(logs).toContain('"reqId"');
    for (const secret of [admin, station.token, code.code, 'correct horse battery', 'bps_wrong-token-to-be-logged', (crossing!.traveller as { surname: string }).surname, (crossing!.document as { documentNumber: string }).documentNumber]) {
      expect(logs).not.toContain(secret);
    }
    await post.destroy();
  });

  it('finishes a write whose body is still arriving when shutdown starts', async () => {
    const docs = exampleDocuments('crossing', { postId: 'p1', count: 5 }).map((doc, i) => ({ ...doc, _rev: `1-${String(i).padStart(32, '7')}` }));
    const body = Buffer.from(JSON.stringify({ docs, new_edits: false }));
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port: test.server.port, method: 'POST', path: '/post-p1/_bulk_docs', headers: { authorization: `Bearer ${station.token}`, 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      request.on('error', reject);
      request.write(body.subarray(0, 1000));
      setTimeout(() => {
        closing = test.server.close();
        setTimeout(() => request.end(body.subarray(1000)), 200);
      }, 200);
    });
    let closing: Promise<void> | null = null;
    const answer = await response;
    expect(answer.status).toBe(201);
    expect((JSON.parse(answer.body) as { ok?: boolean }[]).every((result) => result.ok)).toBe(true);
    await closing;
    await test.restart();
    for (const doc of docs) expect(await test.server.storage.docs.getMeta('post-p1', (doc as unknown as { _id: string })._id)).not.toBeNull();
  });

  it('answers an open longpoll at once on shutdown and finishes in-flight writes', async () => {
    const longpoll = fetch(`${test.url}/reference/_changes?feed=longpoll&since=now&heartbeat=1000`, { headers: { authorization: `Bearer ${station.token}` } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const post = localPouch();
    await post.bulkDocs(exampleDocuments('crossing', { postId: 'p1', count: 20 }) as PouchDoc[]);
    const push = post.replicate.to(remotePouch(`${test.url}/post-p1`, { token: station.token }));
    const started = Date.now();
    const restart = test.restart();
    const response = await longpoll;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ results: [] });
    expect(Date.now() - started).toBeLessThan(5000);
    await restart;
    await push.catch(() => undefined);
    // Whatever the push got acknowledged before the restart is stored; a second push completes the rest.
    const again = await post.replicate.to(remotePouch(`${test.url}/post-p1`, { token: station.token }));
    expect(again.ok).toBe(true);
    expect((await post.allDocs()).rows.length).toBe(20);
    for (const row of (await post.allDocs()).rows) expect(await test.server.storage.docs.getMeta('post-p1', row.id)).not.toBeNull();
    await post.destroy();
  });
});
