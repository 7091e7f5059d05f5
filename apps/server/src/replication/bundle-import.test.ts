import { createBundle, generateEncryptionKeys, generateSigningKeys } from '@borderpost/bundle';
import { exampleDocuments } from '@borderpost/schemas';
import { ensureCentralBundleKeys } from '../auth/bundle-keys';
import { TestServer, describeBackends } from '../testing/harness';
import { type Pouch, type PouchDoc, localPouch, remotePouch } from '../testing/pouch';
import { importStationBundle } from './bundle-import';

jest.setTimeout(90_000);

interface Station {
  stationId: string;
  postId: string;
  token: string;
  signing: { publicKey: string; privateKey: string };
}

describeBackends('bundle import at central', ({ backend, postgres }) => {
  let test: TestServer;
  let north: Station;
  let northSecond: Station;
  let south: Station;
  const locals: Pouch[] = [];

  const enrol = async (postId: string): Promise<Station> => {
    const signing = generateSigningKeys();
    const encryption = generateEncryptionKeys();
    const { code } = await test.server.storage.access.createEnrolmentCode(postId, 'test', 60);
    const response = await test.server.app.inject({
      method: 'POST',
      url: '/api/stations/enrol',
      payload: { code, stationName: 'Lane 1', bundleKeys: { signing: signing.publicKey, encryption: encryption.publicKey } },
    });
    expect(response.statusCode).toBe(201);
    return { ...response.json<{ stationId: string; postId: string; token: string }>(), signing };
  };
  const storage = () => test.server.storage;
  const centralKey = async () => (await ensureCentralBundleKeys(storage().sql)).publicKeys.encryption;
  const bundleOf = async (station: Station, docs: PouchDoc[], overrides: { from?: string; postId?: string; to?: string } = {}) =>
    createBundle({
      docs,
      from: overrides.from ?? station.stationId,
      to: overrides.to ?? 'central',
      postId: overrides.postId ?? station.postId,
      signingKey: station.signing.privateKey,
      recipientPublicKey: await centralKey(),
    });
  /** The post's documents as replication pushes them (revision history, attachments inline). */
  const offlinePost = async (postId: string, count: number) => {
    const post = localPouch();
    locals.push(post);
    await post.bulkDocs(exampleDocuments('crossing', { postId, count }) as PouchDoc[]);
    const { rows } = await post.allDocs();
    const docs = await Promise.all(rows.map((row) => post.get(row.id, { revs: true, attachments: true })));
    return { post, docs };
  };
  const updateSeq = async (postId: string) => (await storage().access.listPosts()).find((post) => post.postId === postId)?.updateSeq ?? -1;
  const storedIds = async (postId: string, ids: string[]) => {
    const found = await Promise.all(ids.map(async (id) => ((await storage().docs.getMeta(`post-${postId}`, id)) ? id : null)));
    return found.filter((id) => id !== null);
  };

  beforeAll(async () => {
    test = await TestServer.start(backend, postgres());
    north = await enrol('north');
    northSecond = await enrol('north');
    south = await enrol('south');
  });
  afterAll(async () => {
    await Promise.all(locals.map((db) => db.destroy().catch(() => undefined)));
    await test?.stop();
  });

  it('imports a post with no link once: a second import and the later replication write nothing again', async () => {
    const { post, docs } = await offlinePost('north', 6);
    const bundle = await bundleOf(north, docs);
    const first = await importStationBundle(storage(), bundle);
    expect(first).toMatchObject({ from: north.stationId, postId: 'north', documents: 6, refused: [] });
    expect(first.accepted.map((entry) => entry.id).sort()).toEqual(docs.map((doc) => doc._id).sort());
    const seqAfterFirst = await updateSeq('north');
    expect(await storedIds('north', docs.map((doc) => doc._id))).toHaveLength(6);

    const second = await importStationBundle(storage(), bundle);
    expect(second.refused).toEqual([]);
    expect(second.accepted).toHaveLength(6);
    expect(await updateSeq('north')).toBe(seqAfterFirst);

    // The link returns: replication finds everything already at central.
    const remote = remotePouch(`${test.url}/post-north`, { token: north.token });
    const pushed = await post.replicate.to(remote);
    expect(pushed).toMatchObject({ ok: true, docs_written: 0, doc_write_failures: 0 });
    expect(await updateSeq('north')).toBe(seqAfterFirst);
    expect((await remote.info()).doc_count).toBe(6);
  });

  it("refuses a document of another post inside a station's bundle, and stores the rest", async () => {
    const own = (await offlinePost('north', 2)).docs;
    const foreign = (await offlinePost('south', 1)).docs;
    const report = await importStationBundle(storage(), await bundleOf(north, [...own, ...foreign]));
    expect(report.accepted.map((entry) => entry.id).sort()).toEqual(own.map((doc) => doc._id).sort());
    expect(report.refused).toEqual([{ id: foreign[0]!._id, reason: expect.stringMatching(/post/i) }]);
    expect(await storage().docs.getMeta('post-north', foreign[0]!._id)).toBeNull();
    expect(await storage().docs.getMeta('post-south', foreign[0]!._id)).toBeNull();
  });

  it('refuses whole bundles — another station, tampered, for another post, not for central, unknown or revoked sender — and stores nothing', async () => {
    const { docs } = await offlinePost('north', 2);
    const before = { north: await updateSeq('north'), south: await updateSeq('south') };
    const tampered = await bundleOf(north, docs);
    tampered[tampered.length - 100]! ^= 0x01;
    const cases: Array<[Promise<Buffer>, string]> = [
      // Signed by one station, claiming to come from another of the same post.
      [bundleOf(north, docs, { from: northSecond.stationId }), 'BUNDLE_BAD_SIGNATURE'],
      [Promise.resolve(tampered), 'BUNDLE_BAD_SIGNATURE'],
      // A station of one post claiming another post's bundle.
      [bundleOf(north, docs, { postId: 'south' }), 'BUNDLE_WRONG_POST'],
      [bundleOf(south, docs, { postId: 'north' }), 'BUNDLE_WRONG_POST'],
      [bundleOf(north, docs, { to: 'north' }), 'BUNDLE_WRONG_RECIPIENT'],
      [bundleOf(north, docs, { from: 'st-nobody' }), 'BUNDLE_UNKNOWN_SENDER'],
      [Promise.resolve(Buffer.from('not a bundle at all, just some bytes on a stick')), 'BUNDLE_BAD_MAGIC'],
    ];
    for (const [bundle, code] of cases) {
      await expect(importStationBundle(storage(), await bundle)).rejects.toMatchObject({ code });
    }
    const revoked = await enrol('north');
    const fromRevoked = await bundleOf(revoked, docs);
    await storage().access.revokeStation(revoked.stationId, 'test');
    await expect(importStationBundle(storage(), fromRevoked)).rejects.toMatchObject({ code: 'BUNDLE_STATION_REVOKED' });
    for (const doc of docs) expect(await storage().docs.getMeta('post-north', doc._id)).toBeNull();
    expect(await updateSeq('north')).toBe(before.north);
    expect(await updateSeq('south')).toBe(before.south);
  });

  it('imports and exports bundles over the admin API (admins only; refusals are 400 with the BUNDLE_ code)', async () => {
    const { docs } = await offlinePost('north', 2);
    const bundle = await bundleOf(north, docs);
    const admin = await test.adminToken();
    const post = (body: Buffer, token: string) =>
      test.server.app.inject({ method: 'POST', url: '/api/bundles/import', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, payload: body });
    expect((await post(bundle, north.token)).statusCode).toBe(403);
    const imported = await post(bundle, admin);
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ from: north.stationId, postId: 'north', documents: 2, refused: [] });
    const tampered = Buffer.from(bundle);
    tampered[30]! ^= 0x01;
    const refused = await post(tampered, admin);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^BUNDLE_/) } });

    const exported = await test.server.app.inject({ method: 'GET', url: '/api/posts/north/bundle', headers: { authorization: `Bearer ${admin}` } });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toBe('application/octet-stream');
    expect(exported.rawPayload.subarray(0, 8).toString('ascii')).toBe('BPBUNDLE');
    const none = await test.server.app.inject({ method: 'GET', url: '/api/posts/nowhere/bundle', headers: { authorization: `Bearer ${admin}` } });
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ error: { code: 'BUNDLE_NO_STATION_KEY' } });
  });
});
