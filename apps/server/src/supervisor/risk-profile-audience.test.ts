import type { FastifyInstance } from 'fastify';
import { TestServer, describeBackends } from '../testing/harness';
import { localPouch, remotePouch } from '../testing/pouch';

jest.setTimeout(120_000);

/**
 * A post taken off a risk profile must stop applying it: it receives the revision that no longer names it
 * (the post runtime applies a profile only when `posts` is absent or names the post).
 */
describeBackends('risk profiles leaving a post', ({ backend, postgres }) => {
  let test: TestServer;
  let app: FastifyInstance;
  let analyst: string;
  const stations: Record<string, { token: string }> = {};

  beforeAll(async () => {
    test = await TestServer.start(backend, postgres());
    app = test.server.app;
    // Lists and risk profiles are the risk analysts' (administrators manage users and stations).
    analyst = await test.consoleToken('analyst');
    for (const post of ['north', 'south', 'east']) stations[post] = await test.enrolStation(post);
  });
  afterAll(() => test?.stop());

  const save = async (body: Record<string, unknown>) => {
    const response = await app.inject({
      method: 'PUT',
      url: '/api/console/risk-profiles/night-1',
      headers: { authorization: `Bearer ${analyst}` },
      payload: { name: 'Night arrivals', rule: { timeOfDay: { from: '22:00', to: '04:00' } }, action: 'flag', effectiveFrom: '2026-01-01', ...body },
    });
    expect(response.statusCode).toBe(200);
  };
  /** What the post holds after a pull (its own local database, kept across pulls like a station's). */
  const held: Record<string, ReturnType<typeof localPouch>> = {};
  const pull = async (post: string): Promise<{ posts?: string[]; withdrawnPosts?: string[] } | null> => {
    held[post] ??= localPouch();
    await held[post].replicate.from(remotePouch(`${test.url}/reference`, { token: stations[post]!.token }));
    return (await held[post].get('risk-profile:night-1').catch(() => null)) as { posts?: string[]; withdrawnPosts?: string[] } | null;
  };
  const applies = (doc: { posts?: string[] } | null, post: string) => !!doc && (doc.posts === undefined || doc.posts.includes(post));

  it('sends the leaving revision to every post that held the profile, and nothing to posts that never did', async () => {
    await save({}); // every post
    for (const post of ['north', 'south', 'east']) expect(applies(await pull(post), post)).toBe(true);

    await save({ posts: ['north', 'south'] });
    expect(applies(await pull('east'), 'east')).toBe(false); // east learned it is out
    expect(applies(await pull('north'), 'north')).toBe(true);

    await save({ posts: ['south'] });
    const atNorth = await pull('north');
    expect(atNorth).toMatchObject({ posts: ['south'], withdrawnPosts: ['east', 'north'] });
    expect(applies(atNorth, 'north')).toBe(false);
    expect(applies(await pull('south'), 'south')).toBe(true);

    // Back at north: north applies it again and is no longer "withdrawn".
    await save({ posts: ['south', 'north'] });
    expect(await pull('north')).toMatchObject({ posts: ['south', 'north'], withdrawnPosts: ['east'] });

    // A new post enrolled after the profile was narrowed never receives it.
    stations.west = await test.enrolStation('west');
    expect(await pull('west')).toBeNull();
    for (const db of Object.values(held)) await db.destroy();
  });
});
