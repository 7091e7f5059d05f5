import { exampleDocuments, newDeviceHealthId } from '@borderpost/schemas';
import type { FastifyInstance } from 'fastify';
import { TestServer, describeBackends } from '../testing/harness';
import { type PouchDoc, localPouch, remotePouch } from '../testing/pouch';
import { consoleProjectorOf } from './index';

jest.setTimeout(120_000);

/**
 * "Which post holds which version": a post that has pulled a new list but checked nobody since says so
 * through its device-health report; the newest of report and crossing wins.
 */
describeBackends('alert-list versions held by posts', ({ backend, postgres }) => {
  let test: TestServer;
  let app: FastifyInstance;
  let analyst: string;
  let north: { token: string; stationId: string };

  beforeAll(async () => {
    test = await TestServer.start(backend, postgres());
    app = test.server.app;
    // Lists and risk profiles are the risk analysts' (administrators manage users and stations).
    analyst = await test.consoleToken('analyst');
    north = (await test.enrolStation('north')) as { token: string; stationId: string };
  });
  afterAll(() => test?.stop());

  const lists = async () => {
    await test.server.projector.catchUp();
    await consoleProjectorOf(test.server.storage.sql).catchUp();
    const response = await app.inject({ method: 'GET', url: '/api/console/lists', headers: { authorization: `Bearer ${analyst}` } });
    expect(response.statusCode).toBe(200);
    return (response.json() as { posts: { postId: string; reportedAt: string | null; source: string | null; versions: Record<string, number> }[] }).posts.find((p) => p.postId === 'north')!;
  };

  it('takes the newest of the health report and the crossing', async () => {
    expect(await lists()).toMatchObject({ reportedAt: null, source: null, versions: {} });
    const post = localPouch();
    const remote = remotePouch(`${test.url}/post-north`, { token: north.token });
    const [crossing] = exampleDocuments('crossing', { postId: 'north', count: 1, seed: 3, startTime: Date.parse('2026-11-01T10:00:00Z') }) as Array<PouchDoc & Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixture surgery
    crossing!.checks = { ...crossing!.checks, listVersions: { watch: 1 } };
    crossing!.decision = { ...crossing!.decision, at: '2026-11-01T10:01:00.000Z' };
    await post.bulkDocs([crossing!]);
    await post.replicate.to(remote);
    expect(await lists()).toMatchObject({ source: 'crossing', versions: { watch: 1 } });

    // Later the post pulled version 2 and reported it, without checking anyone since.
    const [template] = exampleDocuments('device-health', { postId: 'north', count: 1 }) as PouchDoc[];
    const report = { ...template!, _id: newDeviceHealthId('north', 'st-north-1'), stationId: 'st-north-1', createdAt: '2026-11-02T08:00:00.000Z', listVersions: { watch: 2, interpol: 7 } };
    await post.bulkDocs([report]);
    await post.replicate.to(remote);
    expect(await lists()).toMatchObject({ source: 'health-report', reportedAt: '2026-11-02T08:00:00.000Z', versions: { watch: 2, interpol: 7 } });

    // A report without list versions (an older station) does not hide what the crossing said.
    const older = { ...template!, _id: newDeviceHealthId('north', 'st-north-1'), stationId: 'st-north-1', createdAt: '2026-11-03T08:00:00.000Z' };
    delete (older as Record<string, unknown>).listVersions;
    await post.bulkDocs([older]);
    await post.replicate.to(remote);
    expect(await lists()).toMatchObject({ source: 'crossing', versions: { watch: 1 } });
    await post.destroy();
  });
});
