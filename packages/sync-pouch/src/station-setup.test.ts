import { sqliteAdapter } from '@borderpost/docstore';
import { FileSecretStore, enrolStation } from '@borderpost/runtime-core';
import { exampleDocuments } from '@borderpost/schemas';
import { type RunningServer, loadConfig, startServer } from '@borderpost/server';
import { SyncScheduler } from '@borderpost/sync';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type PouchDatabase } from './pouch-types';
import { pouchWithReplication } from './pouchdb';
import { ByteMeter, remoteDatabase } from './remote';
import { PouchReplicator } from './replicator';

jest.setTimeout(60_000);

const PouchDB = pouchWithReplication(sqliteAdapter);

/**
 * Station set-up end to end against a real central server: a one-time code → token and database key in
 * the secret store → the post's encrypted SQLite store opened with that key → sync with that token.
 */
describe('station set-up', () => {
  let dir: string;
  let server: RunningServer;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-setup-'));
    server = await startServer(loadConfig({}, { dataDir: path.join(dir, 'central'), port: 0, host: '127.0.0.1', logLevel: 'silent' }));
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('enrols with a one-time code, opens the encrypted store with the stored key and syncs with the stored token', async () => {
    const { code } = await server.storage.access.createEnrolmentCode('north-gate', 'technician', 60);
    const store = new FileSecretStore(path.join(dir, 'station', 'secrets.json'));
    const enrolled = await enrolStation({ serverUrl: server.url, code, stationName: 'Lane 1', secrets: store });
    expect(enrolled).toMatchObject({ ok: true, value: { postId: 'north-gate' } });
    // the code is single-use
    await expect(enrolStation({ serverUrl: server.url, code, stationName: 'Lane 2', secrets: store })).resolves.toMatchObject({
      error: { code: 'STATION_ENROL_REFUSED', details: { serverCode: 'SERVER_BAD_ENROLMENT_CODE' } },
    });

    const secrets = (await store.read())!;
    const file = path.join(dir, 'station', `post-${secrets.postId}.sqlite`);
    const local = new PouchDB(file, { adapter: 'sqlite', key: Buffer.from(secrets.databaseKey, 'base64') }) as PouchDatabase & { bulkDocs(d: object[]): Promise<unknown> };
    await local.bulkDocs(exampleDocuments('crossing', { postId: secrets.postId, count: 3, seed: 4 }));
    const meter = new ByteMeter();
    const token = () => secrets.token;
    const scheduler = new SyncScheduler({
      replicator: new PouchReplicator({ local, remotePost: remoteDatabase(PouchDB, `${secrets.serverUrl}/post-${secrets.postId}`, { token, meter }), meter }),
      intervalMs: 3_600_000,
    });
    scheduler.start();
    const state = await scheduler.syncNow();
    expect(state.status).toEqual({ kind: 'up-to-date' });
    expect((await server.storage.docs.databaseInfo(`post-${secrets.postId}`))?.doc_count).toBe(3);
    await scheduler.stop();
    await local.close();

    // the store is unreadable without the key kept in the secret store
    const thief = new PouchDB(file, { adapter: 'sqlite', key: Buffer.alloc(32, 9) });
    await expect(thief.info()).rejects.toBeDefined();
  });
});
