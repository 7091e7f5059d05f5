import { createClient, loopbackTransport } from '@borderpost/contract';
import { type RunningServer, loadConfig, startServer } from '@borderpost/server';
import fs from 'node:fs';
import path from 'node:path';
import { type PostRuntime, startPostRuntime } from './runtime';
import { type TestCentral, officerDocument, startTestCentral, until } from './test-central';

jest.setTimeout(60_000);

/**
 * The post runtime against a real central server: enrol through the contract, first sync pulls the
 * officers' user documents, offline sign-in against them — also after a restart with central gone.
 */
describe('post runtime', () => {
  let central: TestCentral;
  let server: RunningServer;
  let runtime: PostRuntime | null = null;

  beforeAll(async () => {
    central = await startTestCentral('runtime');
    server = central.server;
    // Central's reference data: one officer of north-gate, with a password hash, written by an admin.
    await central.writeReference([await officerDocument({ userId: 'amina', name: 'Amina Kane', posts: ['north-gate'], password: 'amina-pw' })]);
  });

  afterAll(async () => {
    await runtime?.stop();
    await server?.close();
    fs.rmSync(central.dir, { recursive: true, force: true });
  });

  it('enrols, pulls the officers on its first sync, signs in offline, and does so again after a restart without central', async () => {
    const dataDir = path.join(central.dir, 'post');
    runtime = await startPostRuntime({ dataDir, mode: 'browser', sync: { intervalMs: 3_600_000 } });
    let client = createClient(loopbackTransport(runtime.dispatch, runtime.events));
    await expect(client['app.info']({})).resolves.toMatchObject({ ok: true, value: { enrolled: false, runtimeReady: false } });
    await expect(client['session.signIn']({ username: 'amina', password: 'amina-pw' })).resolves.toMatchObject({ ok: false, error: { code: 'RUNTIME_NOT_READY' } });

    const { code } = await server.storage.access.createEnrolmentCode('north-gate', 'technician', 60);
    await expect(client['station.enrol']({ serverUrl: server.url, code })).resolves.toMatchObject({ ok: true, value: { postId: 'north-gate' } });
    await expect(client['app.info']({})).resolves.toMatchObject({ ok: true, value: { enrolled: true, runtimeReady: true, postId: 'north-gate' } });

    // The first sync runs by itself at start; sync.state is public, so the sign-in screen can show it.
    const states: string[] = [];
    client.on('sync.state', (state) => states.push(state.status.kind));
    const synced = await until(() => client['sync.state']({}), (answer) => answer.ok && answer.value.status.kind === 'up-to-date', 'the first sync');
    expect(synced.ok && synced.value.totals.docsRead).toBeGreaterThanOrEqual(1);

    await expect(client['session.signIn']({ username: 'amina', password: 'wrong' })).resolves.toMatchObject({ ok: false, error: { code: 'AUTH_BAD_CREDENTIALS' } });
    await expect(client['session.signIn']({ username: 'amina', password: 'amina-pw' })).resolves.toMatchObject({ ok: true, value: { officerId: 'amina', posts: [{ postId: 'north-gate' }] } });
    // The audit documents of the sign-ins may be noticed while this run is under way: then the answer is
    // "waiting" and a follow-up run follows by itself (never a premature "up to date").
    const now = await client['sync.now']({});
    expect(now.ok && ['up-to-date', 'waiting'].includes(now.value.status.kind)).toBe(true);
    await until(() => client['sync.state']({}), (answer) => answer.ok && answer.value.status.kind === 'up-to-date', 'the follow-up run');
    // the sign-ins (the refused one too) are audit documents owned by the post, now at central
    const audit = await server.storage.docs.changes('post-north-gate', { since: 0, limit: 100, allDocs: false });
    const auditIds = audit.results.map((row) => row.id).filter((id) => id.startsWith('audit:north-gate:'));
    expect(auditIds.length).toBeGreaterThanOrEqual(2);
    expect(states).toContain('syncing');
    await expect(client['capture.start']({ direction: 'entry' })).resolves.toMatchObject({ ok: true, value: { captureId: expect.stringMatching(/^crossing:north-gate:/) } });
    const lastSuccessBeforeRestart = client['sync.state']({}).then((answer) => (answer.ok ? answer.value.lastSuccessAt : null));
    expect(await lastSuccessBeforeRestart).toMatch(/^\d{4}-\d\d-\d\dT/);
    await runtime.stop();

    // A restart with central unreachable: the station is still enrolled and the officer still signs in.
    await server.close();
    runtime = await startPostRuntime({ dataDir, mode: 'browser', sync: { intervalMs: 3_600_000 } });
    client = createClient(loopbackTransport(runtime.dispatch, runtime.events));
    await expect(client['app.info']({})).resolves.toMatchObject({ ok: true, value: { enrolled: true, postId: 'north-gate' } });
    await expect(client['session.signIn']({ username: 'amina', password: 'amina-pw' })).resolves.toMatchObject({ ok: true, value: { offline: true } });
    const offline = await until(() => client['sync.state']({}), (answer) => answer.ok && answer.value.status.kind === 'offline', 'the offline state');
    // when the post last synced survives the restart (the staleness warnings depend on it)
    expect(offline.ok && offline.value.lastSuccessAt).toBe(synced.ok ? await lastSuccessBeforeRestart : null);
    // five wrong passwords lock the name — and a restart does not unlock it
    for (let i = 0; i < 5; i++) await client['session.signIn']({ username: 'amina', password: `guess-${i}` });
    await expect(client['session.signIn']({ username: 'amina', password: 'amina-pw' })).resolves.toMatchObject({ ok: false, error: { code: 'AUTH_LOCKED' } });
    await runtime.stop();
    runtime = await startPostRuntime({ dataDir, mode: 'browser', sync: { intervalMs: 3_600_000 } });
    client = createClient(loopbackTransport(runtime.dispatch, runtime.events));
    await expect(client['session.signIn']({ username: 'amina', password: 'amina-pw' })).resolves.toMatchObject({ ok: false, error: { code: 'AUTH_LOCKED' } });

    // the OS says the link is gone: no retry timer is kept running until it returns
    await until(() => client['sync.state']({}), (answer) => answer.ok && answer.value.status.kind === 'offline', 'the offline state again');
    runtime.setOnline(false);
    await expect(client['sync.state']({})).resolves.toMatchObject({ ok: true, value: { online: false, nextRunAt: null, status: { kind: 'offline' } } });
    await runtime.stop();
    runtime = null;
    server = await startServer(loadConfig({}, { dataDir: path.join(central.dir, 'central'), port: 0, host: '127.0.0.1', logLevel: 'silent' }));
  });
});
