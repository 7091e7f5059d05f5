import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sqliteAdapter } from '@borderpost/docstore';
import { exampleDocuments } from '@borderpost/schemas';
import { TestServer } from '../testing/harness';
import { type Pouch, type PouchDoc, PouchDB, remotePouch } from '../testing/pouch';

jest.setTimeout(60_000);

// pouchdb-core is one constructor per process, already carrying replication and the HTTP adapter.
const PostPouch = PouchDB.plugin(sqliteAdapter);

/**
 * The real post side: the post's encrypted SQLite document store (@borderpost/docstore) replicating
 * with this server, end to end, over a real socket.
 */
describe('a post on the docstore SQLite adapter syncs with the server', () => {
  let test: TestServer;
  let dir: string;
  beforeAll(async () => {
    test = await TestServer.start('sqlite', null);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'borderpost-post-'));
  });
  afterAll(async () => {
    await test?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pushes crossings with photos and pulls its reference data, and resumes from its checkpoint after reopening', async () => {
    const station = await test.enrolStation('agadez-1');
    const admin = await test.adminToken();
    const alerts = exampleDocuments('alert-person', { postId: 'agadez-1', count: 5 });
    expect((await test.server.app.inject({ method: 'POST', url: '/reference/_bulk_docs', headers: { authorization: `Bearer ${admin}` }, payload: { docs: alerts } })).statusCode).toBe(201);

    const file = path.join(dir, 'post.sqlite');
    let post = new PostPouch(file, { adapter: 'sqlite', key: 'station secret' }) as Pouch;
    await post.bulkDocs(exampleDocuments('crossing', { postId: 'agadez-1', count: 8 }) as PouchDoc[]);
    const outbox = () => remotePouch(`${test.url}/post-agadez-1`, { token: station.token, gzipRequests: true });
    const reference = () => remotePouch(`${test.url}/reference`, { token: station.token });
    // The post's one database also holds the reference data it pulls; pushing it back would only earn
    // `forbidden` for every alert, so the post pushes what it owns (a local filter: nothing extra on the wire).
    const ownDocuments = { filter: (doc: PouchDoc) => doc._id.startsWith('crossing:') || doc._id.startsWith('audit:') || doc._id.startsWith('traveller:') };
    expect(await post.replicate.to(outbox(), ownDocuments)).toMatchObject({ ok: true, docs_written: 8 });
    // 5 alert entries plus what central publishes about this post: `post:agadez-1` and this station.
    expect(await post.replicate.from(reference())).toMatchObject({ ok: true, docs_written: 7 });
    expect((await post.get(`station:${station.stationId}`)).postId).toBe('agadez-1');
    await post.close();

    post = new PostPouch(file, { adapter: 'sqlite', key: 'station secret' }) as Pouch;
    await post.bulkDocs(exampleDocuments('crossing', { postId: 'agadez-1', count: 2 }) as PouchDoc[]);
    expect(await post.replicate.to(outbox(), ownDocuments)).toMatchObject({ docs_written: 2, doc_write_failures: 0 });
    expect(await post.replicate.from(reference())).toMatchObject({ docs_read: 0 });
    expect((await test.server.storage.docs.databaseInfo('post-agadez-1'))!.doc_count).toBe(10);
    await post.close();
  });
});
