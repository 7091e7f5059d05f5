/* eslint-disable @typescript-eslint/no-explicit-any -- PouchDB documents in tests are free-form */
/**
 * Replication with pouchdb-replication between our adapter, PouchDB's memory adapter and a
 * CouchDB-compatible HTTP endpoint: everything (revision trees, conflicts, deletions, attachments)
 * arrives identical, checkpoints make the next run incremental, and live sync delivers later writes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { TestPouch } from './testing/pouch';
import { startCouchEndpoint } from './testing/http-server';

type Db = PouchDB.Database<any>;
let dir: string;
let counter = 0;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docstore-replication-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function sqlite(): Db {
  counter += 1;
  return new TestPouch(path.join(dir, `r-${counter}.sqlite`), { adapter: 'sqlite' } as any);
}
function memory(): Db {
  counter += 1;
  return new TestPouch(`mem-r-${counter}`, { adapter: 'memory' } as any);
}

/** A history with updates, deletions, conflicting branches and attachments. */
async function seed(db: Db, docs = 60): Promise<void> {
  for (let i = 0; i < docs; i += 1) {
    const first = await db.put({
      _id: `crossing:${String(i).padStart(4, '0')}`,
      n: i,
      _attachments: { 'face.jpg': { content_type: 'image/jpeg', data: randomBytes(2_000 + i) } },
    });
    if (i % 3 === 0) await db.put({ ...(await db.get(first.id)), edited: true });
    if (i % 10 === 0) await db.remove(await db.get(first.id));
  }
  await db.bulkDocs(
    [
      { _id: 'conflicted', _rev: '1-aaa', v: 1 },
      { _id: 'conflicted', _rev: '2-bbb', v: 2, _revisions: { start: 2, ids: ['bbb', 'aaa'] } },
      { _id: 'conflicted', _rev: '2-ccc', v: 3, _revisions: { start: 2, ids: ['ccc', 'aaa'] } },
    ],
    { new_edits: false },
  );
  await db.put({ _id: '_local/not-replicated', v: 1 });
}

/** Everything replication should carry, as comparable data: leaves, conflicts, attachment digests. */
async function snapshot(db: Db): Promise<unknown> {
  const all = await db.allDocs({ include_docs: true, conflicts: true, deleted: 'ok' } as any);
  const docs = [];
  for (const row of all.rows as any[]) {
    const leaves = ((await (db as any).get(row.id, { open_revs: 'all', revs: true, attachments: true, binary: true })) as any[])
      .map((leaf) => {
        const doc = leaf.ok;
        const atts = Object.fromEntries(
          Object.entries<any>(doc._attachments ?? {}).map(([name, att]) => [name, createHash('sha256').update(att.data).digest('hex')]),
        );
        return { ...doc, _attachments: atts };
      })
      .sort((a, b) => (a._rev < b._rev ? -1 : 1));
    docs.push({ id: row.id, winner: row.value.rev, deleted: !!row.value.deleted, leaves });
  }
  return docs;
}

test('sqlite → memory → sqlite carries revision trees, conflicts, deletions and attachments', async () => {
  const source = sqlite();
  await seed(source);
  const middle = memory();
  const target = sqlite();
  const push = await source.replicate.to(middle);
  expect(push.ok).toBe(true);
  expect(push.doc_write_failures).toBe(0);
  await target.replicate.from(middle);
  const expected = await snapshot(source);
  expect(await snapshot(middle)).toEqual(expected);
  expect(await snapshot(target)).toEqual(expected);
  await expect(target.get('_local/not-replicated')).rejects.toMatchObject({ status: 404 });

  // Checkpoints: a second run reads nothing; a new write is the only thing carried.
  const again = await source.replicate.to(middle);
  expect(again.docs_read).toBe(0);
  await source.put({ _id: 'late', v: 1 });
  const incremental = await source.replicate.to(middle);
  expect(incremental.docs_written).toBe(1);
  await Promise.all([source.close(), middle.destroy(), target.close()]);
});

test('two sqlite stores sync both ways and see the same conflict', async () => {
  const a = sqlite();
  const b = sqlite();
  await a.put({ _id: 'shared', v: 0 });
  await a.sync(b);
  const onA = await a.get('shared');
  const onB = await b.get('shared');
  await a.put({ ...onA, v: 'from a' });
  await b.put({ ...onB, v: 'from b' });
  await a.sync(b);
  const docA = await a.get('shared', { conflicts: true });
  const docB = await b.get('shared', { conflicts: true });
  expect(docA).toEqual(docB);
  expect(docA._conflicts).toHaveLength(1);
  await Promise.all([a.close(), b.close()]);
});

describe('over HTTP (express-pouchdb endpoint)', () => {
  let endpoint: Awaited<ReturnType<typeof startCouchEndpoint>>;
  beforeAll(async () => {
    endpoint = await startCouchEndpoint();
  });
  afterAll(async () => {
    await endpoint.close();
  });

  test('push to and pull from a CouchDB-compatible server', async () => {
    const post = sqlite();
    await seed(post, 30);
    const remote = new TestPouch(`${endpoint.url}/post-a`, { adapter: 'http' } as any);
    const pushed = await post.replicate.to(remote);
    expect(pushed.doc_write_failures).toBe(0);
    const fresh = sqlite();
    await fresh.replicate.from(remote);
    expect(await snapshot(fresh)).toEqual(await snapshot(post));
    await Promise.all([post.close(), fresh.close(), remote.close()]);
  });

  test('live sync delivers writes made on either side', async () => {
    const post = sqlite();
    const remote = new TestPouch(`${endpoint.url}/post-live`, { adapter: 'http' } as any);
    const sync = post.sync(remote, { live: true, retry: false, heartbeat: 1000 } as any);
    // A request still in flight when the sync is cancelled ends in an error event (socket hang up); without
    // a listener that event would crash the test process. Errors before the cancel fail the test.
    const errors: unknown[] = [];
    let cancelled = false;
    sync.on('error', (error: unknown) => {
      if (!cancelled) errors.push(error);
    });
    const finished = new Promise<void>((resolve) => {
      sync.on('complete', () => resolve());
      sync.on('error', () => resolve());
    });
    try {
      const arrived = (db: Db, id: string) =>
        new Promise<void>((resolve, reject) => {
          const deadline = Date.now() + 20_000;
          const poll = () =>
            db.get(id).then(
              () => resolve(),
              () => (Date.now() > deadline ? reject(new Error(`${id} never arrived`)) : setTimeout(poll, 50)),
            );
          poll();
        });
      await post.put({ _id: 'from-post', _attachments: { 'f.png': { content_type: 'image/png', data: randomBytes(5_000) } } });
      await arrived(remote, 'from-post');
      await remote.put({ _id: 'from-central', v: 1 });
      await arrived(post, 'from-central');
      const viaHttp: any = await remote.get('from-post', { attachments: true, binary: true });
      const local: any = await post.get('from-post', { attachments: true, binary: true });
      expect(viaHttp._attachments['f.png'].data.toString('base64')).toBe(local._attachments['f.png'].data.toString('base64'));
      expect(errors).toEqual([]);
    } finally {
      cancelled = true;
      sync.cancel();
      await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 5000))]);
      await Promise.all([post.close(), remote.close()]);
    }
  }, 30_000);
});
