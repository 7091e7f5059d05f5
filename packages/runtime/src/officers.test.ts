import { type ContractClient as Client, createClient, loopbackTransport } from '@borderpost/contract';
import path from 'node:path';
import { type PostRuntime, startPostRuntime } from './runtime';
import { type TestCentral, startTestCentral, until } from './test-central';

jest.setTimeout(90_000);

/**
 * End to end from the supervisor console's officer API to the real post runtime: an officer created by
 * an administrator signs in offline at the post once it has pulled; after a disable, a move to another
 * post, or a password reset, and the next pull, the old credentials are refused there.
 */
describe('officers managed at central, signing in at a post', () => {
  let central: TestCentral;
  let server: TestCentral['server'];
  let runtime: PostRuntime | null = null;
  let admin = '';

  const officers = async (method: 'POST' | 'PATCH', url: string, payload: object) => {
    const response = await server.app.inject({ method, url: `/api/console/officers${url}`, headers: { authorization: `Bearer ${admin}` }, payload });
    expect(response.statusCode).toBeLessThan(300);
    return response.json() as { posts: string[]; disabled: boolean };
  };
  /**
   * A colleague on duty at the post presses "Sync now" (it needs a signed-in officer) until the post is
   * up to date: the audit documents of sign-ins written meanwhile are pushed by a follow-up run.
   */
  const pull = async (client: Client) => {
    await expect(client['session.signIn']({ username: 'duty', password: 'duty officer password' })).resolves.toMatchObject({ ok: true });
    await until(
      async () => {
        await client['sync.now']({});
        return client['sync.state']({});
      },
      (answer) => answer.ok && answer.value.status.kind === 'up-to-date',
      'an up-to-date post',
    );
    await client['session.signOut']({});
  };
  const signIn = async (client: Client, password: string) => {
    const answer = await client['session.signIn']({ username: 'moussa', password });
    if (answer.ok) await client['session.signOut']({});
    return answer;
  };

  beforeAll(async () => {
    central = await startTestCentral('runtime-officers');
    server = central.server;
    admin = central.adminToken;
    await server.storage.access.ensurePost('north-gate');
    await server.storage.access.ensurePost('south-gate');
  });

  afterAll(async () => {
    await runtime?.stop();
    await central?.close();
  });

  it('signs in after a pull; disabled, moved or reset at central, the old credentials are refused after the next pull', async () => {
    await officers('POST', '', { userId: 'duty', name: 'Awa Diallo', roles: ['officer'], posts: ['north-gate'], password: 'duty officer password' });
    await officers('POST', '', { userId: 'moussa', name: 'Moussa Traoré', roles: ['officer'], posts: ['north-gate'], password: 'first lane password' });

    runtime = await startPostRuntime({ dataDir: path.join(central.dir, 'post'), mode: 'browser', sync: { intervalMs: 3_600_000 } });
    const client = createClient(loopbackTransport(runtime.dispatch, runtime.events));
    const { code } = await server.storage.access.createEnrolmentCode('north-gate', 'technician', 60);
    await expect(client['station.enrol']({ serverUrl: server.url, code })).resolves.toMatchObject({ ok: true, value: { postId: 'north-gate' } });
    await until(() => client['sync.state']({}), (answer) => answer.ok && answer.value.status.kind === 'up-to-date', 'the first sync');

    await expect(signIn(client, 'first lane password')).resolves.toMatchObject({ ok: true, value: { officerId: 'moussa', posts: [{ postId: 'north-gate' }] } });

    // Disabled: refused once the post has pulled (not before — the post is offline-first).
    await officers('PATCH', '/moussa', { disabled: true });
    await pull(client);
    await expect(signIn(client, 'first lane password')).resolves.toMatchObject({ ok: false, error: { code: 'AUTH_ACCOUNT_DISABLED' } });

    // Enabled again but moved to another post: this post, which holds the document, learns it.
    await officers('PATCH', '/moussa', { disabled: false, posts: ['south-gate'] });
    await pull(client);
    await expect(signIn(client, 'first lane password')).resolves.toMatchObject({ ok: false, error: { code: 'AUTH_POST_NOT_ASSIGNED' } });

    // Back at this post with a new password: the old one is refused, the new one works.
    await officers('PATCH', '/moussa', { posts: ['north-gate'] });
    const reset = await server.app.inject({ method: 'POST', url: '/api/console/officers/moussa/password', headers: { authorization: `Bearer ${admin}` }, payload: { password: 'second lane password' } });
    expect(reset.statusCode).toBe(200);
    await pull(client);
    await expect(signIn(client, 'first lane password')).resolves.toMatchObject({ ok: false, error: { code: 'AUTH_BAD_CREDENTIALS' } });
    await expect(signIn(client, 'second lane password')).resolves.toMatchObject({ ok: true, value: { officerId: 'moussa' } });

    // The post's sign-in audit documents reach central: the console shows the last sign-in.
    await pull(client);
    await server.projector.catchUp();
    const listed = await server.app.inject({ method: 'GET', url: '/api/console/officers/moussa', headers: { authorization: `Bearer ${admin}` } });
    expect(listed.json()).toMatchObject({ userId: 'moussa', lastSignIn: { postId: 'north-gate' } });
  });
});
