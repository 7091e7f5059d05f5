import { generateEncryptionKeys, generateSigningKeys, openBundle } from '@borderpost/bundle';
import { exampleDocuments } from '@borderpost/schemas';
import { type RunningServer, loadConfig, startServer } from '@borderpost/server';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportBundle, importDocs } from './bundle-io';
import { type PouchDatabase } from './pouch-types';
import { pouchWithReplication } from './pouchdb';
import { ByteMeter, remoteDatabase } from './remote';

jest.setTimeout(60_000);

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS plugin without types
const PouchDB = pouchWithReplication(require('pouchdb-adapter-memory'));

type Db = PouchDatabase & {
  bulkDocs(docs: object[]): Promise<unknown>;
  put(doc: object): Promise<{ rev: string }>;
  get(id: string, options?: object): Promise<{ _rev: string; _conflicts?: string[] }>;
};

describe('removable-media bundles with PouchDB and a real central server', () => {
  const stationKeys = generateSigningKeys();
  const centralKeys = generateEncryptionKeys();
  let counter = 0;
  const dbs: PouchDatabase[] = [];
  const fresh = () => {
    const db = new PouchDB(`bundle-${process.pid}-${++counter}`, { adapter: 'memory' }) as Db;
    dbs.push(db);
    return db;
  };
  afterAll(async () => Promise.all(dbs.map((db) => db.destroy().catch(() => undefined))));
  const open = (bundle: Buffer) =>
    openBundle(bundle, { senderPublicKey: (from) => (from === 'station-1' ? stationKeys.publicKey : null), recipient: 'central', recipientPrivateKey: centralKeys.privateKey });
  const keys = { from: 'station-1', to: 'central', postId: 'p1', signingKey: stationKeys.privateKey, recipientPublicKey: centralKeys.publicKey };

  it('exports what was written since the acknowledged sequence, with histories and attachments', async () => {
    const post = fresh();
    await post.bulkDocs(exampleDocuments('crossing', { postId: 'p1', count: 5, seed: 5 }));
    const acknowledged = (await post.info()).update_seq;
    await post.bulkDocs(exampleDocuments('crossing', { postId: 'p1', count: 3, seed: 6 }));
    const first = exampleDocuments('audit', { postId: 'p1', count: 1, seed: 7 })[0] as { _id: string };
    const { rev } = await post.put(first);
    await post.put({ ...first, _rev: rev, outcome: 'failed' }); // a second revision of one document

    const { bundle, docCount, upTo } = await exportBundle(post, acknowledged, keys);
    expect(docCount).toBe(4);
    expect(upTo).toBe(String((await post.info()).update_seq));
    const { docs } = open(bundle);
    const edited = docs.find((doc) => doc._id === first._id) as unknown as { _revisions: { start: number; ids: string[] } };
    expect(edited._revisions.start).toBe(2);
    expect(edited._revisions.ids).toHaveLength(2);
    const crossing = docs.find((doc) => String(doc._id).startsWith('crossing:')) as unknown as { _attachments: Record<string, { data?: string }> };
    expect(Object.values(crossing._attachments).every((a) => typeof a.data === 'string' && a.data.length > 0)).toBe(true);
  });

  it('imports idempotently: twice, or after the same documents came over the link, changes nothing', async () => {
    const post = fresh();
    await post.bulkDocs(exampleDocuments('crossing', { postId: 'p1', count: 4, seed: 8 }));
    const { bundle } = await exportBundle(post, 0, keys);
    const { docs } = open(bundle);

    const target = fresh();
    expect(await importDocs(target, docs)).toEqual({ written: 4, failures: [] });
    const before = await target.info();
    expect(await importDocs(target, docs)).toEqual({ written: 4, failures: [] });
    const after = await target.info();
    expect(after.doc_count).toBe(before.doc_count);
    for (const doc of docs) {
      const stored = await (target as Db).get(doc._id, { conflicts: true });
      expect(stored._rev).toBe(doc._rev);
      expect(stored._conflicts).toBeUndefined();
    }
  });

  describe('into the central server', () => {
    let dataDir: string;
    let server: RunningServer;
    let token: string;
    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-bundle-'));
      server = await startServer(loadConfig({}, { dataDir, port: 0, host: '127.0.0.1', logLevel: 'silent' }));
      const { code } = await server.storage.access.createEnrolmentCode('p1', 'test', 60);
      token = (await server.app.inject({ method: 'POST', url: '/api/stations/enrol', payload: { code, stationName: 'L1' } })).json<{ token: string }>().token;
    });
    afterAll(async () => {
      await server?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('holds each document once after importing the same bundle twice (through _bulk_docs, as replication writes)', async () => {
      const post = fresh();
      await post.bulkDocs(exampleDocuments('crossing', { postId: 'p1', count: 6, seed: 9 }));
      const { docs } = open((await exportBundle(post, 0, keys)).bundle);
      const central = remoteDatabase(PouchDB, `${server.url}/post-p1`, { token: () => token, meter: new ByteMeter() });
      expect(await importDocs(central, docs)).toEqual({ written: 6, failures: [] });
      expect(await importDocs(central, docs)).toEqual({ written: 6, failures: [] });
      const info = await server.storage.docs.databaseInfo('post-p1');
      expect(info?.doc_count).toBe(6);
      const feed = await (central as unknown as { changes(o: object): Promise<{ results: Array<{ id: string; changes: unknown[] }> }> }).changes({
        since: 0,
        style: 'all_docs',
      });
      expect(feed.results).toHaveLength(6);
      expect(feed.results.every((row) => row.changes.length === 1)).toBe(true);
    });
  });
});
