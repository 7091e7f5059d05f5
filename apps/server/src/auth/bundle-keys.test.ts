import crypto from 'node:crypto';
import { TestServer, describeBackends } from '../testing/harness';
import { ensureCentralBundleKeys } from './bundle-keys';

jest.setTimeout(60_000);

function stationKeys() {
  const pem = (key: crypto.KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();
  return { signing: pem(crypto.generateKeyPairSync('ed25519').publicKey), encryption: pem(crypto.generateKeyPairSync('x25519').publicKey) };
}

describeBackends('bundle key registration', ({ backend, postgres }) => {
  let test: TestServer;
  beforeAll(async () => {
    test = await TestServer.start(backend, postgres());
  });
  afterAll(() => test?.stop());

  const enrol = async (postId: string, bundleKeys?: unknown) => {
    const { code } = await test.server.storage.access.createEnrolmentCode(postId, 'test', 60);
    return { code, response: await test.server.app.inject({ method: 'POST', url: '/api/stations/enrol', payload: { code, stationName: 'Lane 1', ...(bundleKeys === undefined ? {} : { bundleKeys }) } }) };
  };

  it("creates central's key pairs at first start, keeps them across restarts, and gives their public halves at enrolment", async () => {
    const before = await ensureCentralBundleKeys(test.server.storage.sql);
    expect(crypto.createPublicKey(before.publicKeys.signing).asymmetricKeyType).toBe('ed25519');
    expect(crypto.createPublicKey(before.publicKeys.encryption).asymmetricKeyType).toBe('x25519');
    expect(crypto.createPrivateKey(before.signingPrivateKey).asymmetricKeyType).toBe('ed25519');
    await test.restart();
    const after = await ensureCentralBundleKeys(test.server.storage.sql);
    expect(after).toEqual(before);

    const keys = stationKeys();
    const { response } = await enrol('bk1', keys);
    expect(response.statusCode).toBe(201);
    const granted = response.json<{ stationId: string; centralBundleKeys: unknown }>();
    expect(granted.centralBundleKeys).toEqual(before.publicKeys);
    const stored = await test.server.storage.access.stationBundleKeys(granted.stationId);
    expect(stored).toEqual({ postId: 'bk1', revoked: false, keys: { signing: keys.signing, encryption: keys.encryption } });
  });

  it('enrols without keys (older stations) and lets the station register them later with its token', async () => {
    const { response } = await enrol('bk2');
    expect(response.statusCode).toBe(201);
    const { stationId, token } = response.json<{ stationId: string; token: string }>();
    expect((await test.server.storage.access.stationBundleKeys(stationId))?.keys).toBeNull();
    const keys = stationKeys();
    const put = (payload: unknown, auth: string | null = token) =>
      test.server.app.inject({ method: 'PUT', url: '/api/stations/self/bundle-keys', ...(auth ? { headers: { authorization: `Bearer ${auth}` } } : {}), payload: payload as object });
    expect((await put({ bundleKeys: keys }, null)).statusCode).toBe(401);
    const registered = await put({ bundleKeys: keys });
    expect(registered.statusCode).toBe(200);
    expect(registered.json()).toEqual({ centralBundleKeys: (await ensureCentralBundleKeys(test.server.storage.sql)).publicKeys });
    expect((await test.server.storage.access.stationBundleKeys(stationId))?.keys).toEqual(keys);
    // A user (even an admin) is not a station.
    const admin = await put({ bundleKeys: keys }, await test.adminToken());
    expect(admin.statusCode).toBe(403);
    expect(admin.json()).toMatchObject({ error: { code: 'SERVER_STATION_REQUIRED' } });
  });

  it('refuses keys of the wrong kind or not keys at all with SERVER_BAD_BUNDLE_KEY, without spending the code', async () => {
    const good = stationKeys();
    const swapped = { signing: good.encryption, encryption: good.signing };
    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    for (const bad of [swapped, { ...good, signing: 'not a key' }, { ...good, encryption: rsa.slice(0, 999) }]) {
      const { code, response } = await enrol('bk3', bad);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'SERVER_BAD_BUNDLE_KEY' } });
      // The one-time code still works.
      const retry = await test.server.app.inject({ method: 'POST', url: '/api/stations/enrol', payload: { code, stationName: 'Lane 1', bundleKeys: good } });
      expect(retry.statusCode).toBe(201);
    }
    const { response } = await enrol('bk3', { signing: good.signing });
    expect(response.statusCode).toBe(400);
  });
});
