import { createClient, loopbackTransport } from '@borderpost/contract';
import { exampleDocuments } from '@borderpost/schemas';
import { type RunningServer, exportReferenceBundle, importStationBundle } from '@borderpost/server';
import { sqliteAdapter } from '@borderpost/docstore';
import { ByteMeter, pouchWithReplication, remoteDatabase } from '@borderpost/sync-pouch';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type PostRuntime, startPostRuntime } from './runtime';
import { type TestCentral, officerDocument, startTestCentral, until } from './test-central';

jest.setTimeout(90_000);

const PouchDB = pouchWithReplication();

/** A post loses its link, exports what central has not acknowledged, central imports it (twice), the link returns. */
describe('removable media from the post runtime', () => {
  let central: TestCentral;
  let server: RunningServer;
  let dir: string;
  let runtime: PostRuntime | null = null;
  let admin = '';

  beforeAll(async () => {
    central = await startTestCentral('runtime-bundle');
    ({ server, dir, adminToken: admin } = central);
    await central.writeReference([await officerDocument({ userId: 'amina', name: 'Amina Kane', posts: ['north-gate'], password: 'amina-pw' })]);
  });

  afterAll(async () => {
    await runtime?.stop();
    await central?.close();
  });

  it('exports only the unacknowledged documents; central stores them once; replication afterwards sends nothing twice', async () => {
    runtime = await startPostRuntime({ dataDir: path.join(dir, 'post'), mode: 'browser', sync: { intervalMs: 3_600_000 } });
    const client = createClient(loopbackTransport(runtime.dispatch, runtime.events));
    const { code } = await server.storage.access.createEnrolmentCode('north-gate', 'technician', 60);
    await expect(client['station.enrol']({ serverUrl: server.url, code })).resolves.toMatchObject({ ok: true });
    await until(() => client['sync.state']({}), (answer) => answer.ok && answer.value.status.kind === 'up-to-date', 'the first sync');
    const centralIds = async () => (await server.storage.docs.changes('post-north-gate', { since: 0, limit: 1000, allDocs: false })).results.map((row) => row.id);
    const atCentralBefore = new Set(await centralIds());

    // No link: the officer works on; every sign-in writes an audit document.
    runtime.setOnline(false);
    await client['session.signIn']({ username: 'amina', password: 'wrong' });
    await expect(client['session.signIn']({ username: 'amina', password: 'amina-pw' })).resolves.toMatchObject({ ok: true });
    const file = path.join(dir, 'stick.bpb');
    const exported = await client['sync.exportBundle']({ path: file });
    expect(exported).toMatchObject({ ok: true, value: { path: file } });
    const documents = exported.ok ? exported.value.documents : 0;
    expect(documents).toBeGreaterThanOrEqual(2);
    expect(fs.statSync(file).size).toBe(exported.ok ? exported.value.bytes : -1);

    const first = await importStationBundle(server.storage, fs.readFileSync(file));
    expect(first.refused).toEqual([]);
    expect(first.accepted).toHaveLength(documents);
    // Only what central did not have travelled on the stick.
    for (const entry of first.accepted) expect(atCentralBefore.has(entry.id)).toBe(false);
    const afterImport = await centralIds();
    const seqAfterImport = (await server.storage.access.listPosts()).find((post) => post.postId === 'north-gate')!.updateSeq;
    const second = await importStationBundle(server.storage, fs.readFileSync(file));
    expect(second.accepted).toHaveLength(documents);
    expect((await server.storage.access.listPosts()).find((post) => post.postId === 'north-gate')!.updateSeq).toBe(seqAfterImport);

    // The link returns: the push finds everything there; nothing is stored twice.
    runtime.setOnline(true);
    await client['sync.now']({});
    await until(() => client['sync.state']({}), (answer) => answer.ok && answer.value.status.kind === 'up-to-date', 'the sync after the link returned');
    expect((await server.storage.access.listPosts()).find((post) => post.postId === 'north-gate')!.updateSeq).toBe(seqAfterImport);
    expect((await centralIds()).sort()).toEqual(afterImport.sort());

    // Now acknowledged: a new export carries nothing.
    const again = await client['sync.exportBundle']({ path: path.join(dir, 'stick2.bpb') });
    expect(again).toMatchObject({ ok: true, value: { documents: 0 } });
    await expect(client['sync.exportBundle']({ path: path.join(dir, 'no-such-dir', 'x.bpb') })).resolves.toMatchObject({ ok: false, error: { code: 'BUNDLE_WRITE_FAILED' } });
  });

  it('carries a new alert list from central to the post on a reference bundle, idempotently', async () => {
    const dataDir = path.join(dir, 'post');
    runtime ??= await startPostRuntime({ dataDir, mode: 'browser', sync: { intervalMs: 3_600_000 } });
    runtime.setOnline(false);
    // Central publishes a new alert list while the post has no link.
    const reference = remoteDatabase(PouchDB, `${server.url}/reference`, { token: () => admin, meter: new ByteMeter() }) as unknown as {
      bulkDocs(docs: object[], options: { new_edits: false }): Promise<Array<{ error?: string }>>;
    };
    const list = { ...(exampleDocuments('alert-list', { postId: 'north-gate', count: 1 })[0] as Record<string, unknown>), _id: 'alert-list:stick-list', listId: 'stick-list' };
    const rev = crypto.randomBytes(16).toString('hex');
    expect((await reference.bulkDocs([{ ...list, _rev: `1-${rev}`, _revisions: { start: 1, ids: [rev] } }], { new_edits: false })).filter((r) => r.error)).toEqual([]);

    // A second laptop enrolled at the post later: one bundle serves both (before, only the newest could open it).
    const pem = (key: crypto.KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();
    const { code: secondCode } = await server.storage.access.createEnrolmentCode('north-gate', 'test', 60);
    await server.storage.access.enrolStation(secondCode, 'North 2', { signing: pem(crypto.generateKeyPairSync('ed25519').publicKey), encryption: pem(crypto.generateKeyPairSync('x25519').publicKey) });
    const { bundle, documents, stationIds } = await exportReferenceBundle(server.storage, 'north-gate');
    expect(stationIds).toHaveLength(2);
    expect(stationIds).toContain(runtime.station()?.stationId);
    const file = path.join(dir, 'reference.bpb');
    fs.writeFileSync(file, bundle);
    // Everything but the new list and the second laptop's station document was already pulled by the last sync.
    await expect(runtime.importBundle(file)).resolves.toEqual({ documents, alreadyPresent: documents - 2 });
    await expect(runtime.importBundle(file)).resolves.toEqual({ documents, alreadyPresent: documents });

    const tampered = Buffer.from(bundle);
    tampered[tampered.length - 80]! ^= 0x01;
    fs.writeFileSync(file, tampered);
    await expect(runtime.importBundle(file)).rejects.toMatchObject({ code: 'BUNDLE_BAD_SIGNATURE' });
    // A bundle for another post cannot be opened here.
    const { code: southCode } = await server.storage.access.createEnrolmentCode('south-gate', 'test', 60);
    await server.storage.access.enrolStation(southCode, 'South 1', { signing: pem(crypto.generateKeyPairSync('ed25519').publicKey), encryption: pem(crypto.generateKeyPairSync('x25519').publicKey) });
    fs.writeFileSync(file, (await exportReferenceBundle(server.storage, 'south-gate')).bundle);
    await expect(runtime.importBundle(file)).rejects.toMatchObject({ code: 'BUNDLE_WRONG_RECIPIENT' });
    await expect(runtime.importBundle(path.join(dir, 'missing.bpb'))).rejects.toMatchObject({ code: 'BUNDLE_FILE_UNREADABLE' });
    // A station's own export is not a reference bundle.
    const own = path.join(dir, 'own.bpb');
    await runtime.exportBundle(own);
    await expect(runtime.importBundle(own)).rejects.toMatchObject({ code: 'BUNDLE_WRONG_RECIPIENT' });
    await runtime.stop();
    runtime = null;

    // The list is in the post's encrypted reference store.
    const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, 'station-secrets.json'), 'utf8')) as { databaseKey: string };
    const LocalPouch = pouchWithReplication(sqliteAdapter);
    const local = new LocalPouch(path.join(dataDir, 'reference.sqlite'), { adapter: 'sqlite', key: Buffer.from(secrets.databaseKey, 'base64') }) as unknown as {
      get(id: string): Promise<{ listId: string }>;
      close(): Promise<void>;
    };
    await expect(local.get('alert-list:stick-list')).resolves.toMatchObject({ listId: 'stick-list' });
    await local.close();
  });
});
