import { exampleDocuments } from '@borderpost/schemas';
import { TestServer, describeBackends } from '../testing/harness';
import { localPouch, remotePouch, type PouchDoc } from '../testing/pouch';
import { openStorage } from './open';

jest.setTimeout(60_000);

describeBackends('storage', ({ backend, postgres }) => {
  let test: TestServer;

  beforeAll(async () => {
    test = await TestServer.start(backend, postgres());
  });
  afterAll(() => test?.stop());

  it('gives concurrent writers of one database distinct, gap-free sequences and loses no change', async () => {
    const stations = await Promise.all([1, 2, 3].map((n) => test.enrolStation('p1', `desk ${n}`)));
    const posts = await Promise.all(
      stations.map(async (station) => {
        const db = localPouch();
        await db.bulkDocs(exampleDocuments('audit', { postId: 'p1', count: 40 }) as PouchDoc[]);
        return { db, station };
      }),
    );
    await Promise.all(posts.map(({ db, station }) => db.replicate.to(remotePouch(`${test.url}/post-p1`, { token: station.token }), { batch_size: 7 })));
    const seqs = (await test.server.storage.sql.query<{ seq: number }>("SELECT seq FROM docs WHERE db = 'post-p1' ORDER BY seq")).map((row) => Number(row.seq));
    expect(seqs).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(await test.server.storage.docs.updateSeq('post-p1')).toBe(120);
    const mirror = localPouch();
    const pulled = await mirror.replicate.from(remotePouch(`${test.url}/post-p1`, { token: stations[0]!.token }), { batch_size: 13 });
    expect(pulled.docs_written).toBe(120);
    await Promise.all([mirror, ...posts.map((post) => post.db)].map((db) => db.destroy()));
  });

  it('stores attachments shared by concurrent batches of different posts once, without deadlocks', async () => {
    const shared = Array.from({ length: 6 }, (_, i) => Buffer.alloc(2000 + i, i + 1).toString('base64'));
    const pushes = ['p4', 'p5'].map(async (postId, index) => {
      const station = await test.enrolStation(postId);
      const db = localPouch();
      const docs = (exampleDocuments('crossing', { postId, count: 30 }) as PouchDoc[]).map((doc, n) => {
        const order = index === 0 ? shared : [...shared].reverse();
        return { ...doc, _attachments: Object.fromEntries(order.map((data, k) => [`finger-${k}.png`, { content_type: 'image/png', data: order[(n + k) % order.length] }])) };
      });
      await db.bulkDocs(docs);
      const result = await db.replicate.to(remotePouch(`${test.url}/post-${postId}`, { token: station.token }), { batch_size: 5 });
      await db.destroy();
      return result;
    });
    const results = await Promise.all(pushes);
    expect(results.map((result) => result.docs_written)).toEqual([30, 30]);
    for (const data of shared) {
      const digest = 'md5-' + (await import('node:crypto')).createHash('md5').update(Buffer.from(data, 'base64')).digest('base64');
      const rows = await test.server.storage.sql.query('SELECT length FROM attachments WHERE digest = $1', [digest]);
      expect(rows).toHaveLength(1);
    }
  });

  it('refuses a database written by a newer version of the server', async () => {
    const config = { dataDir: test.dataDirectory, databaseUrl: test.databaseUrl };
    await test.server.close();
    const storage = await openStorage(config);
    await storage.sql.execute("INSERT INTO schema_migrations (component, version, name, applied_at) VALUES ('server', 999, '0999-future', 'x')");
    await storage.close();
    await expect(openStorage(config)).rejects.toMatchObject({ code: backend === 'sqlite' ? 'SQLITE_SCHEMA_TOO_NEW' : 'SERVER_SCHEMA_TOO_NEW' });
    const repair = await openStorageIgnoringVersion(config);
    await repair();
    await test.restart();
  });
});

/** Removes the future ledger row again (with the raw executor, bypassing migrations) so the suite can go on. */
async function openStorageIgnoringVersion(config: { dataDir: string; databaseUrl: string | null }): Promise<() => Promise<void>> {
  if (config.databaseUrl) {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: config.databaseUrl });
    await client.connect();
    return async () => {
      await client.query('DELETE FROM schema_migrations WHERE version = 999');
      await client.end();
    };
  }
  const { openDatabase } = await import('@borderpost/sqlite');
  const db = openDatabase(`${config.dataDir}/central.sqlite`);
  return async () => {
    db.prepare('DELETE FROM schema_migrations WHERE version = 999').run();
    db.close();
  };
}

describeBackends('several server instances', ({ backend, postgres }) => {
  if (backend === 'sqlite') return; // one process per SQLite file; scaling out is PostgreSQL's job
  let test: TestServer;
  afterAll(() => test?.stop());

  it('wakes a longpoll on one instance when a write lands on another (LISTEN/NOTIFY)', async () => {
    test = await TestServer.start(backend, postgres());
    const station = await test.enrolStation('p1');
    const sibling = await test.startSibling();
    try {
      const since = await test.server.storage.docs.updateSeq('post-p1');
      const longpoll = fetch(`${test.url}/post-p1/_changes?feed=longpoll&since=${since}&timeout=20000`, { headers: { authorization: `Bearer ${station.token}` } });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const post = localPouch();
      const [doc] = exampleDocuments('crossing', { postId: 'p1', count: 1 }) as PouchDoc[];
      await post.put(doc!);
      await post.replicate.to(remotePouch(`${sibling.url}/post-p1`, { token: station.token }));
      const body = (await (await longpoll).json()) as { results: { id: string }[] };
      expect(body.results.map((row) => row.id)).toEqual([doc!._id]);

      // The LISTEN connection dies (PostgreSQL restarted, a proxy dropped it): it comes back by itself.
      const { Client } = await import('pg');
      const admin = new Client({ connectionString: test.databaseUrl! });
      await admin.connect();
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()");
      await admin.end();
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const since2 = await test.server.storage.docs.updateSeq('post-p1');
      const second = fetch(`${test.url}/post-p1/_changes?feed=longpoll&since=${since2}&timeout=20000`, { headers: { authorization: `Bearer ${station.token}` } });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const [another] = exampleDocuments('crossing', { postId: 'p1', count: 1 }) as PouchDoc[];
      await post.put(another!);
      await post.replicate.to(remotePouch(`${sibling.url}/post-p1`, { token: station.token }));
      const secondBody = (await (await second).json()) as { results: { id: string }[] };
      expect(secondBody.results.map((row) => row.id)).toEqual([another!._id]);
      await post.destroy();
    } finally {
      await sibling.close();
    }
  });
});
