import { LockoutTracker, type UserRecord, signInOffline, verifyPassword } from '@borderpost/runtime-core';
import { exampleDocuments } from '@borderpost/schemas';
import type { FastifyInstance } from 'fastify';
import { TestServer, describeBackends } from '../testing/harness';
import { type Pouch, type PouchDoc, localPouch, remotePouch } from '../testing/pouch';
import { CONSOLE_ROLES, type ConsoleRole, ROLE_CAPABILITIES, type Capability } from './roles';

jest.setTimeout(120_000);

const AMINA_PASSWORD = 'amina first password';
const AMINA_SECOND = 'amina second password';

/**
 * Officer management through the console API, and what posts receive over real PouchDB replication:
 * the user document reaches only its posts, a post taken off the officer receives the revision that
 * refuses them there, disable and reset reach the posts that hold the document. Sign-in is runtime-core's
 * own `signInOffline` over the pulled document (the full post runtime version is in
 * packages/runtime/src/officers.test.ts).
 */
describeBackends('officer management', ({ backend, postgres }) => {
  let test: TestServer;
  let app: FastifyInstance;
  const tokens: Partial<Record<ConsoleRole, string>> = {};
  const stations: Record<string, { token: string; stationId: string }> = {};
  const pouches: Record<string, Pouch> = {};

  const call = async (role: ConsoleRole | null, method: string, url: string, payload?: unknown) =>
    app.inject({ method: method as 'GET', url, ...(payload !== undefined ? { payload: payload as object } : {}), headers: role ? { authorization: `Bearer ${tokens[role]}` } : {} });

  /** The post pulls the reference database (as its runtime does) and answers the user document it holds. */
  const pull = async (postId: string): Promise<(PouchDoc & UserRecord) | null> => {
    await pouches[postId]!.replicate.from(remotePouch(`${test.url}/reference`, { token: stations[postId]!.token }));
    return (await pouches[postId]!.get('user:amina').catch(() => null)) as (PouchDoc & UserRecord) | null;
  };
  /** Offline sign-in at a station of `postId` against what that post holds. */
  const signInAt = async (postId: string, password: string) =>
    signInOffline(
      { findUser: async () => (await pouches[postId]!.get('user:amina').catch(() => null)) as UserRecord | null, hasReferenceData: async () => true, stationPostId: postId, lockout: new LockoutTracker() },
      'amina',
      password,
    );

  beforeAll(async () => {
    test = await TestServer.start(backend, postgres());
    app = test.server.app;
    for (const role of ['admin', 'supervisor', 'analyst'] as const) tokens[role] = await test.consoleToken(role);
    for (const postId of ['north', 'south', 'east']) {
      stations[postId] = await test.enrolStation(postId);
      pouches[postId] = localPouch(postId);
    }
  });
  afterAll(async () => {
    for (const pouch of Object.values(pouches)) await pouch.destroy();
    await test?.stop();
  });

  it('creates an officer whose password hash reaches only the posts assigned, never the audit, logs or answers', async () => {
    const created = await call('admin', 'POST', '/api/console/officers', { userId: 'amina', name: 'Amina Kane', roles: ['officer'], posts: ['north'], password: AMINA_PASSWORD });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ userId: 'amina', name: 'Amina Kane', roles: ['officer'], posts: ['north'], withdrawnPosts: [], disabled: false, lastSignIn: null });
    expect(created.json().passwordChangedAt).toMatch(/^\d{4}-/);
    expect(created.body).not.toContain('scrypt');

    const atNorth = await pull('north');
    expect(atNorth).toMatchObject({ type: 'user', userId: 'amina', posts: ['north'], disabled: false });
    expect(atNorth!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/); // runtime-core's format and default cost
    await expect(verifyPassword(AMINA_PASSWORD, atNorth!.passwordHash)).resolves.toBe(true);
    expect(await pull('south')).toBeNull();
    expect(await signInAt('north', AMINA_PASSWORD)).toMatchObject({ ok: true, value: { user: { userId: 'amina' } } });
    expect(await signInAt('north', 'not the password')).toMatchObject({ ok: false, error: { code: 'AUTH_BAD_CREDENTIALS' } });

    const audit = await test.server.storage.access.listAudit(50);
    expect(audit.find((entry) => entry.action === 'console.officer.create')).toMatchObject({ actor: 'user:root', target: 'user:amina', outcome: 'ok', details: { roles: ['officer'], posts: ['north'] } });
    const everything = JSON.stringify(audit) + test.logs.join('');
    expect(everything).not.toContain(AMINA_PASSWORD);
    expect(everything).not.toContain(atNorth!.passwordHash.split('$')[5]);
    expect((await call('supervisor', 'GET', '/api/console/officers')).body).not.toContain('scrypt');
  });

  it('refuses bad input with stable codes and changes nothing', async () => {
    const before = (await call('admin', 'GET', '/api/console/officers/amina')).json().rev as string;
    const refusals: [string, string, unknown, number, string][] = [
      ['POST', '/api/console/officers', { userId: 'bob', name: 'Bob', roles: ['officer'], posts: ['north'], password: 'short' }, 400, 'SERVER_WEAK_PASSWORD'],
      ['POST', '/api/console/officers', { userId: 'bob', name: 'Bob', roles: ['officer'], posts: ['nowhere'], password: 'long enough password' }, 400, 'SERVER_UNKNOWN_POST'],
      ['POST', '/api/console/officers', { userId: 'amina', name: 'Amina again', roles: ['officer'], posts: ['north'], password: 'long enough password' }, 409, 'SERVER_OFFICER_EXISTS'],
      ['POST', '/api/console/officers', { userId: 'AMINA', name: 'Amina again', roles: ['officer'], posts: ['north'], password: 'long enough password' }, 409, 'SERVER_OFFICER_EXISTS'],
      ['POST', '/api/console/officers', { userId: 'bad id!', name: 'Bob', roles: ['officer'], posts: [], password: 'long enough password' }, 400, 'SERVER_BAD_REQUEST'],
      ['POST', '/api/console/officers', { userId: 'bob', name: 'Bob', roles: ['pilot'], posts: [], password: 'long enough password' }, 400, 'SERVER_BAD_REQUEST'],
      ['PATCH', '/api/console/officers/amina', {}, 400, 'SERVER_BAD_REQUEST'],
      ['PATCH', '/api/console/officers/amina', { posts: ['north', 'atlantis'] }, 400, 'SERVER_UNKNOWN_POST'],
      ['PATCH', '/api/console/officers/amina', { disabled: true, rev: '1-stale' }, 409, 'SERVER_CONFLICT'],
      ['PATCH', '/api/console/officers/nobody', { disabled: true }, 404, 'SERVER_UNKNOWN_OFFICER'],
      ['POST', '/api/console/officers/amina/password', { password: 'tiny' }, 400, 'SERVER_WEAK_PASSWORD'],
      ['POST', '/api/console/officers/nobody/password', { password: 'long enough password' }, 404, 'SERVER_UNKNOWN_OFFICER'],
    ];
    const wrong: string[] = [];
    for (const [method, url, body, status, code] of refusals) {
      const response = await call('admin', method, url, body);
      const got = `${response.statusCode} ${(response.json() as { error?: { code?: string } }).error?.code}`;
      if (got !== `${status} ${code}`) wrong.push(`${method} ${url} ${JSON.stringify(body)} → ${got}, expected ${status} ${code}`);
    }
    expect(wrong).toEqual([]);
    expect((await call('admin', 'GET', '/api/console/officers/amina')).json().rev).toBe(before);
    expect((await call('admin', 'GET', '/api/console/officers')).json().officers.map((o: { userId: string }) => o.userId)).toEqual(['amina']);
  });

  it('moves an officer to another post: the post that held the document learns it no longer may sign them in', async () => {
    const rev = (await call('admin', 'GET', '/api/console/officers/amina')).json().rev as string;
    const moved = await call('admin', 'PATCH', '/api/console/officers/amina', { posts: ['south'], roles: ['officer', 'technician'], rev });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ posts: ['south'], withdrawnPosts: ['north'], roles: ['officer', 'technician'] });

    // Until north has pulled, later changes keep it in the audience.
    expect((await call('admin', 'PATCH', '/api/console/officers/amina', { name: 'Amina K.' })).json()).toMatchObject({ withdrawnPosts: ['north'] });

    // North already held a revision naming it: it receives the newest one, and refuses the officer.
    expect(await pull('north')).toMatchObject({ name: 'Amina K.', posts: ['south'], withdrawnPosts: ['north'] });
    expect(await signInAt('north', AMINA_PASSWORD)).toMatchObject({ ok: false, error: { code: 'AUTH_POST_NOT_ASSIGNED' } });
    // North's checkpoint at central is past that revision: the next change leaves north out...
    expect((await call('admin', 'PATCH', '/api/console/officers/amina', { name: 'Amina Kane' })).json()).toMatchObject({ withdrawnPosts: [] });
    // ...so north keeps the refusing revision and receives no newer one.
    expect(await pull('north')).toMatchObject({ name: 'Amina K.', posts: ['south'] });
    expect(await signInAt('north', AMINA_PASSWORD)).toMatchObject({ ok: false, error: { code: 'AUTH_POST_NOT_ASSIGNED' } });
    expect(await pull('south')).toMatchObject({ posts: ['south'] });
    expect(await signInAt('south', AMINA_PASSWORD)).toMatchObject({ ok: true });
    // A post that never held it still never receives it.
    expect(await pull('east')).toBeNull();

    // Assigned again: no longer withdrawn.
    const back = await call('admin', 'PATCH', '/api/console/officers/amina', { posts: ['south', 'north'] });
    expect(back.json()).toMatchObject({ posts: ['south', 'north'], withdrawnPosts: [] });
    expect(await pull('north')).toMatchObject({ posts: ['south', 'north'] });
    expect(await signInAt('north', AMINA_PASSWORD)).toMatchObject({ ok: true });
    const actions = (await test.server.storage.access.listAudit(50)).filter((entry) => entry.target === 'user:amina' && entry.action === 'console.officer.update');
    expect(actions.map((entry) => entry.details)).toEqual(expect.arrayContaining([{ roles: ['officer', 'technician'], postsAdded: ['south'], postsRemoved: ['north'] }, { postsAdded: ['north'] }, { name: true }]));
  });

  it('disables, enables and resets the password: every post holding the document receives it', async () => {
    expect((await call('admin', 'PATCH', '/api/console/officers/amina', { disabled: true })).json()).toMatchObject({ disabled: true });
    for (const postId of ['north', 'south']) {
      expect(await pull(postId)).toMatchObject({ disabled: true });
      expect(await signInAt(postId, AMINA_PASSWORD)).toMatchObject({ ok: false, error: { code: 'AUTH_ACCOUNT_DISABLED' } });
    }
    expect((await call('admin', 'PATCH', '/api/console/officers/amina', { disabled: false })).json()).toMatchObject({ disabled: false });
    const before = (await call('admin', 'GET', '/api/console/officers/amina')).json().passwordChangedAt as string;
    const reset = await call('admin', 'POST', '/api/console/officers/amina/password', { password: AMINA_SECOND });
    expect(reset.statusCode).toBe(200);
    expect(reset.json().passwordChangedAt >= before).toBe(true);
    for (const postId of ['north', 'south']) {
      expect(await pull(postId)).toMatchObject({ disabled: false });
      expect(await signInAt(postId, AMINA_PASSWORD)).toMatchObject({ ok: false, error: { code: 'AUTH_BAD_CREDENTIALS' } });
      expect(await signInAt(postId, AMINA_SECOND)).toMatchObject({ ok: true });
    }
    const audit = await test.server.storage.access.listAudit(50);
    const actions = audit.filter((entry) => entry.target === 'user:amina').map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['console.officer.disable', 'console.officer.enable', 'console.officer.password-reset']));
    const everything = JSON.stringify(audit) + test.logs.join('');
    expect(everything).not.toContain(AMINA_SECOND);
    expect(everything).not.toContain('scrypt$');
  });

  it('a reset still reaches a withdrawn post that has not pulled the withdrawal, and no longer once it has', async () => {
    expect((await call('admin', 'PATCH', '/api/console/officers/amina', { posts: ['south', 'north', 'east'] })).statusCode).toBe(200);
    expect(await pull('east')).toMatchObject({ posts: ['south', 'north', 'east'] });
    expect((await call('admin', 'PATCH', '/api/console/officers/amina', { posts: ['south', 'north'] })).json()).toMatchObject({ withdrawnPosts: ['east'] });
    // East is offline: the reset must still reach it (it holds a revision that lets the officer in).
    expect((await call('admin', 'POST', '/api/console/officers/amina/password', { password: 'amina third password' })).json()).toMatchObject({ withdrawnPosts: ['east'] });
    const atEast = await pull('east');
    expect(atEast).toMatchObject({ posts: ['south', 'north'], withdrawnPosts: ['east'] });
    expect(await signInAt('east', 'amina third password')).toMatchObject({ ok: false, error: { code: 'AUTH_POST_NOT_ASSIGNED' } });
    expect(await signInAt('east', AMINA_SECOND)).toMatchObject({ ok: false });
    // East has pulled it: the next reset's hash does not travel there.
    expect((await call('admin', 'POST', '/api/console/officers/amina/password', { password: 'amina fourth password' })).json()).toMatchObject({ withdrawnPosts: [] });
    expect((await pull('east'))!.passwordHash).toBe(atEast!.passwordHash);
    expect(await pull('north')).toMatchObject({ posts: ['south', 'north'] });
    expect(await signInAt('north', 'amina fourth password')).toMatchObject({ ok: true });
  });

  it('shows the last sign-in a post reported in its audit documents', async () => {
    const [doc] = exampleDocuments('audit', { postId: 'south', count: 1, seed: 3 }) as PouchDoc[];
    const signIn = { ...doc!, stationId: stations.south!.stationId, actorId: 'amina', action: 'session.sign-in', outcome: 'ok', createdAt: '2026-11-20T08:15:00.000Z', details: { postId: 'south' } };
    const post = localPouch('south-outbox');
    await post.bulkDocs([signIn]);
    await post.replicate.to(remotePouch(`${test.url}/post-south`, { token: stations.south!.token }));
    await post.destroy();
    await test.server.projector.catchUp();
    const listed = (await call('supervisor', 'GET', '/api/console/officers')).json() as { officers: { userId: string; lastSignIn: unknown }[]; posts: string[] };
    expect(listed.officers.find((o) => o.userId === 'amina')!.lastSignIn).toEqual({ at: '2026-11-20T08:15:00.000Z', postId: 'south', stationId: stations.south!.stationId });
    expect(listed.posts).toEqual(['east', 'north', 'south']);
  });

  it('role matrix: administrators manage officers, supervisors read them, analysts neither', async () => {
    const routes: [string, string, Capability, unknown?][] = [
      ['GET', '/api/console/officers', 'officers.read'],
      ['GET', '/api/console/officers/amina', 'officers.read'],
      ['POST', '/api/console/officers', 'officers.manage', {}],
      ['PATCH', '/api/console/officers/amina', 'officers.manage', {}],
      ['POST', '/api/console/officers/amina/password', 'officers.manage', {}],
    ];
    const table: string[] = [];
    for (const [method, url, capability, body] of routes) {
      expect((await call(null, method, url, body)).statusCode).toBe(401);
      for (const role of CONSOLE_ROLES) {
        const status = (await call(role, method, url, body)).statusCode;
        const allowed = ROLE_CAPABILITIES[role].includes(capability);
        if (allowed !== (status !== 403) || status === 401 || status >= 500) table.push(`${role} ${method} ${url} → ${status} (allowed: ${allowed})`);
      }
    }
    expect(table).toEqual([]);
    expect(ROLE_CAPABILITIES.supervisor).toContain('officers.read');
    expect(ROLE_CAPABILITIES.supervisor).not.toContain('officers.manage');
    expect(ROLE_CAPABILITIES.analyst.filter((c) => c.startsWith('officers.'))).toEqual([]);
    const openapi = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(openapi.paths['/api/console/officers'] ?? {})).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(openapi.paths['/api/console/officers/{userId}'] ?? {})).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(Object.keys(openapi.paths['/api/console/officers/{userId}/password'] ?? {})).toEqual(['post']);
  });
});
