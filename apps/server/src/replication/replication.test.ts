import net from 'node:net';
import { exampleDocuments } from '@borderpost/schemas';
import { TestServer, describeBackends } from '../testing/harness';
import { type Pouch, type PouchDoc, localPouch, remotePouch } from '../testing/pouch';

jest.setTimeout(60_000);

const crossings = (count: number, postId = 'p1') => exampleDocuments('crossing', { postId, count }) as PouchDoc[];

/** A TCP relay: a second address for the server whose connections can be cut at will. */
async function relay(port: number): Promise<{ url: string; cutAll(): void; setDown(down: boolean): void; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let down = false;
  const server = net.createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = net.connect(port, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    cutAll: () => sockets.forEach((socket) => socket.destroy()),
    setDown: (value: boolean) => {
      down = value;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describeBackends('replication with PouchDB over real sockets', ({ backend, postgres }) => {
  let test: TestServer;
  let station: { token: string; postId: string };
  const locals: Pouch[] = [];
  const local = () => {
    const db = localPouch();
    locals.push(db);
    return db;
  };

  beforeAll(async () => {
    test = await TestServer.start(backend, postgres());
    station = await test.enrolStation('p1');
  });
  afterAll(async () => {
    await Promise.all(locals.map((db) => db.destroy().catch(() => undefined)));
    await test?.stop();
  });

  it('pushes crossings with their image attachments and pulls them back identical', async () => {
    const post = local();
    const docs = crossings(12);
    await post.bulkDocs(docs);
    const remote = remotePouch(`${test.url}/post-p1`, { token: station.token });
    const pushed = await post.replicate.to(remote);
    expect(pushed).toMatchObject({ ok: true, docs_written: 12, doc_write_failures: 0 });
    expect((await remote.info()).doc_count).toBe(12);

    const restored = local();
    const pulled = await restored.replicate.from(remote);
    expect(pulled).toMatchObject({ ok: true, docs_written: 12 });
    for (const doc of docs.slice(0, 3)) {
      const original = await post.get(doc._id, { attachments: true, binary: false });
      const copy = await restored.get(doc._id, { attachments: true, binary: false });
      expect(copy).toEqual(original);
    }
    const face = await remote.getAttachment(docs[0]!._id, 'face.jpg');
    expect(face.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('stores each attachment once by digest and answers _revs_diff so nothing is sent twice', async () => {
    const post = local();
    const [doc] = crossings(1);
    await post.put(doc!);
    const remote = remotePouch(`${test.url}/post-p1`, { token: station.token });
    await post.replicate.to(remote);
    const again = local();
    await again.bulkDocs([await post.get(doc!._id, { attachments: true, revs: true })], { new_edits: false });
    const second = await again.replicate.to(remote);
    expect(second.docs_written).toBe(0);
    const rows = await test.server.storage.sql.query<{ n: number }>('SELECT count(*) AS n FROM attachments');
    const distinct = new Set<string>();
    for (const row of await test.server.storage.sql.query<{ body: string }>("SELECT body FROM revs WHERE db = 'post-p1'")) {
      for (const stub of Object.values((JSON.parse(row.body) as { _attachments: Record<string, { digest: string }> })._attachments)) distinct.add(stub.digest);
    }
    expect(Number(rows[0]!.n)).toBe(distinct.size);
  });

  it('accepts gzip-compressed request bodies from the client', async () => {
    const post = local();
    await post.bulkDocs(crossings(5));
    const remote = remotePouch(`${test.url}/post-p1`, { token: station.token, gzipRequests: true });
    expect(await post.replicate.to(remote)).toMatchObject({ ok: true, docs_written: 5 });
  });

  it('pulls only the reference data meant for the post', async () => {
    const adminToken = await test.adminToken();
    const central = local();
    const alerts = exampleDocuments('alert-person', { postId: 'p1', count: 3 }) as PouchDoc[];
    const ownUser = exampleDocuments('user', { postId: 'p1', count: 1 }) as PouchDoc[];
    const otherUser = exampleDocuments('user', { postId: 'p2', count: 1 }) as PouchDoc[];
    await central.bulkDocs([...alerts, ...ownUser, ...otherUser]);
    await central.replicate.to(remotePouch(`${test.url}/reference`, { token: adminToken }));

    const post = local();
    const pulled = await post.replicate.from(remotePouch(`${test.url}/reference`, { token: station.token }));
    expect(pulled.ok).toBe(true);
    const ids = (await post.allDocs()).rows.map((row) => row.id).filter((id) => !id.startsWith('post:') && !id.startsWith('station:')).sort();
    expect(ids).toEqual([...alerts, ...ownUser].map((doc) => doc._id).sort());
    // Central publishes the posts and each post's own stations (not other posts' stations).
    const identity = (await post.allDocs()).rows.map((row) => row.id).filter((id) => id.startsWith('post:') || id.startsWith('station:'));
    const own = (await test.server.storage.access.listStations()).filter((s) => s.postId === 'p1').map((s) => `station:${s.stationId}`);
    expect(identity.sort()).toEqual(['post:p1', ...own].sort());
  });

  it('pulls with a client-side filter function (PouchDB then asks _changes for the documents)', async () => {
    const post = local();
    const docs = crossings(10);
    await post.bulkDocs(docs);
    await post.replicate.to(remotePouch(`${test.url}/post-p1`, { token: station.token }));
    const entries = new Set(docs.filter((doc) => doc.direction === 'entry').map((doc) => doc._id));
    const mirror = local();
    await mirror.replicate.from(remotePouch(`${test.url}/post-p1`, { token: station.token }), { filter: (doc: PouchDoc) => entries.has(doc._id) });
    expect((await mirror.allDocs()).rows.map((row) => row.id).sort()).toEqual([...entries].sort());
  });

  it('replicates only the given doc_ids (POST _changes?filter=_doc_ids)', async () => {
    const post = local();
    const docs = crossings(6);
    await post.bulkDocs(docs);
    await post.replicate.to(remotePouch(`${test.url}/post-p1`, { token: station.token }));
    const wanted = [docs[1]!._id, docs[4]!._id];
    const mirror = local();
    const result = await mirror.replicate.from(remotePouch(`${test.url}/post-p1`, { token: station.token }), { doc_ids: wanted });
    expect(result.docs_written).toBe(2);
    expect((await mirror.allDocs()).rows.map((row) => row.id).sort()).toEqual([...wanted].sort());
  });

  it('keeps a conflict (two stations wrote the same document) and shows it to supervisors', async () => {
    const second = await test.enrolStation('p1', 'Restored from an old backup');
    const [doc] = crossings(1);
    const a = local();
    const b = local();
    await a.put(doc!);
    // A different body (PouchDB's revisions are deterministic: the same body would give the same rev).
    await b.put({ ...doc!, decision: { ...(doc!.decision as object), note: 'entered again from a restored backup' } });
    await a.replicate.to(remotePouch(`${test.url}/post-p1`, { token: station.token }));
    await b.replicate.to(remotePouch(`${test.url}/post-p1`, { token: second.token }));
    const remote = remotePouch(`${test.url}/post-p1`, { token: station.token });
    const stored = await remote.get(doc!._id, { conflicts: true });
    expect(stored._conflicts).toHaveLength(1);
    const admin = await test.adminToken();
    const listed = (await (await fetch(`${test.url}/api/conflicts?db=post-p1`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { conflicts: { id: string; winningRev: string; conflicts: string[] }[] };
    expect(listed.conflicts).toEqual([{ db: 'post-p1', id: doc!._id, winningRev: stored._rev, conflicts: stored._conflicts }]);
  });

  it('delivers a retraction by central (a deleted reference document) to the posts that held it', async () => {
    const admin = await test.adminToken();
    const central = local();
    const [alert] = exampleDocuments('alert-document', { postId: 'p1', count: 1 }) as PouchDoc[];
    const retracted = { ...alert!, _id: 'alert-document:interpol-sltd:RETRACT1', entryId: 'RETRACT1' };
    await central.put(retracted);
    const reference = remotePouch(`${test.url}/reference`, { token: admin });
    await central.replicate.to(reference);
    const post = local();
    await post.replicate.from(remotePouch(`${test.url}/reference`, { token: station.token }));
    expect((await post.get(retracted._id))._id).toBe(retracted._id);
    const current = await central.get(retracted._id);
    await central.put({ _id: retracted._id, _rev: current._rev, _deleted: true });
    await central.replicate.to(reference);
    await post.replicate.from(remotePouch(`${test.url}/reference`, { token: station.token }));
    await expect(post.get(retracted._id)).rejects.toMatchObject({ status: 404 });
  });

  it('live sync: a longpoll wakes on a new reference document and a live push delivers new crossings', async () => {
    const adminToken = await test.adminToken();
    const post = local();
    const reference = remotePouch(`${test.url}/reference`, { token: station.token });
    const pull = post.replicate.from(reference, { live: true, retry: true, heartbeat: 1000 });
    const outbox = remotePouch(`${test.url}/post-p1`, { token: station.token });
    const push = post.replicate.to(outbox, { live: true, retry: true });
    try {
      const [alert] = exampleDocuments('alert-document', { postId: 'p1', count: 1 }) as PouchDoc[];
      const central = local();
      await central.put({ ...alert!, _id: 'alert-document:interpol-sltd:LIVE1', entryId: 'LIVE1' });
      await central.replicate.to(remotePouch(`${test.url}/reference`, { token: adminToken }));
      await waitFor(async () => (await post.allDocs({ keys: ['alert-document:interpol-sltd:LIVE1'] })).rows.some((row) => row.value), 'the alert to arrive');

      const [crossing] = crossings(1);
      await post.put(crossing!);
      await waitFor(async () => (await test.server.storage.docs.getMeta('post-p1', crossing!._id)) !== null, 'the crossing to reach central');
    } finally {
      pull.cancel();
      push.cancel();
    }
  });

  it('resumes from its checkpoint after a server restart, also when the server is reached by another address', async () => {
    const post = local();
    await post.bulkDocs(crossings(20));
    const first = await post.replicate.to(remotePouch(`${test.url}/post-p1`, { token: station.token }));
    expect(first.docs_read).toBe(20);

    // Same server under another name: the stable uuid gives the same replication id, so nothing is re-read.
    const byName = test.url.replace('127.0.0.1', 'localhost');
    expect(byName).not.toBe(test.url);
    const sameThroughOtherAddress = await post.replicate.to(remotePouch(`${byName}/post-p1`, { token: station.token }));
    expect(sameThroughOtherAddress.docs_read).toBe(0);

    await test.restart();
    await post.bulkDocs(crossings(3));
    const afterRestart = await post.replicate.to(remotePouch(`${test.url}/post-p1`, { token: station.token }));
    expect(afterRestart).toMatchObject({ ok: true, docs_read: 3, docs_written: 3 });

    const mirror = local();
    const firstPull = await mirror.replicate.from(remotePouch(`${test.url}/post-p1`, { token: station.token }));
    await test.restart();
    await post.bulkDocs(crossings(2));
    await post.replicate.to(remotePouch(`${test.url}/post-p1`, { token: station.token }));
    const secondPull = await mirror.replicate.from(remotePouch(`${test.url}/post-p1`, { token: station.token }));
    expect(firstPull.docs_read).toBeGreaterThan(0);
    expect(secondPull.docs_read).toBe(2);
  });

  it('resumes after a dropped connection without losing or duplicating a document', async () => {
    const proxy = await relay(test.server.port);
    try {
      const post = local();
      const docs = crossings(60);
      await post.bulkDocs(docs);
      let batches = 0;
      const interrupted = post.replicate.to(remotePouch(`${proxy.url}/post-p1`, { token: station.token }), { batch_size: 10, batches_limit: 1 });
      interrupted.on('change', () => {
        batches += 1;
        if (batches === 2) {
          // The link drops: open connections are cut and new ones refused until it comes back.
          proxy.setDown(true);
          proxy.cutAll();
        }
      });
      const outcome = await interrupted.then(
        (result) => result,
        (error: unknown) => ({ ok: false, error }),
      );
      expect(outcome.ok).toBe(false);
      const ids = docs.map((doc) => doc._id);
      let arrived = 0;
      for (const id of ids) if (await test.server.storage.docs.getMeta('post-p1', id)) arrived += 1;
      expect(arrived).toBeGreaterThan(0);
      expect(arrived).toBeLessThan(60);
      proxy.setDown(false);
      const before = (await test.server.storage.docs.databaseInfo('post-p1'))!.doc_count;
      const resumed = await post.replicate.to(remotePouch(`${proxy.url}/post-p1`, { token: station.token }), { batch_size: 10 });
      expect(resumed.ok).toBe(true);
      expect(resumed.docs_read).toBeLessThan(60);
      for (const doc of docs) expect(await test.server.storage.docs.getMeta('post-p1', doc._id)).not.toBeNull();
      const after = (await test.server.storage.docs.databaseInfo('post-p1'))!.doc_count;
      expect(after - before).toBeLessThanOrEqual(60);
    } finally {
      await proxy.close();
    }
  });
});
