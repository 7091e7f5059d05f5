import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { enrolStation } from './enrol';
import { FileSecretStore, type SecretCodec, type StationSecrets } from './secret-store';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-station-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const secrets: StationSecrets = {
  version: 1,
  serverUrl: 'https://central.example',
  stationId: 'st-1',
  postId: 'north-gate',
  stationName: 'Lane 1',
  token: 'bps_secret',
  databaseKey: crypto.randomBytes(32).toString('base64'),
  enrolledAt: '2026-01-01T00:00:00.000Z',
};

/** Stands in for Electron's safeStorage (which encrypts with the OS keychain). */
function aesCodec(key = crypto.randomBytes(32)): SecretCodec {
  return {
    encrypt: (plain) => {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt: (sealed) => {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
    },
  };
}

describe('FileSecretStore', () => {
  it('keeps the secrets in a file only its owner can read, replaced atomically', async () => {
    const file = path.join(dir, 'nested', 'station.json');
    const store = new FileSecretStore(file);
    await expect(store.read()).resolves.toBeNull();
    await store.write(secrets);
    await store.write({ ...secrets, token: 'bps_newer' });
    await expect(store.read()).resolves.toEqual({ ...secrets, token: 'bps_newer' });
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['station.json']);
    await store.clear();
    await expect(store.read()).resolves.toBeNull();
  });

  it('refuses a secrets file others can read', async () => {
    if (process.platform === 'win32') return;
    const file = path.join(dir, 'station.json');
    const store = new FileSecretStore(file);
    await store.write(secrets);
    fs.chmodSync(file, 0o644);
    await expect(store.read()).rejects.toMatchObject({ code: 'STATION_SECRETS_INSECURE' });
  });

  it('encrypts the file with the OS keychain codec; another keychain cannot read it', async () => {
    const file = path.join(dir, 'station.bin');
    await new FileSecretStore(file, aesCodec(Buffer.alloc(32, 1))).write(secrets);
    expect(fs.readFileSync(file).includes(Buffer.from('bps_secret'))).toBe(false);
    await expect(new FileSecretStore(file, aesCodec(Buffer.alloc(32, 1))).read()).resolves.toEqual(secrets);
    await expect(new FileSecretStore(file, aesCodec(Buffer.alloc(32, 2))).read()).rejects.toMatchObject({ code: 'STATION_SECRETS_CORRUPT' });
  });

  it('reports damaged or incomplete files with a stable code', async () => {
    const file = path.join(dir, 'station.json');
    fs.writeFileSync(file, '{"version":1,"token":', { mode: 0o600 });
    await expect(new FileSecretStore(file).read()).rejects.toMatchObject({ code: 'STATION_SECRETS_CORRUPT' });
    fs.writeFileSync(file, JSON.stringify({ ...secrets, databaseKey: 'c2hvcnQ=' }), { mode: 0o600 });
    await expect(new FileSecretStore(file).read()).rejects.toMatchObject({ code: 'STATION_SECRETS_CORRUPT' });
    await expect(new FileSecretStore(file).write({ ...secrets, token: '' })).rejects.toMatchObject({ code: 'STATION_SECRETS_CORRUPT' });
  });
});

describe('enrolStation', () => {
  function fakeCentral(answers: Array<{ status: number; body: unknown } | Error>) {
    const requests: Array<{ url: string; body: unknown }> = [];
    const fetchImpl = (async (url: string, init: { body: string }) => {
      requests.push({ url, body: JSON.parse(init.body) });
      const answer = answers.shift()!;
      if (answer instanceof Error) throw answer;
      return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof fetch;
    return { fetchImpl, requests };
  }
  const granted = (postId = 'north-gate', token = 'bps_one') => ({ status: 201, body: { stationId: 'st-9', postId, token, databases: { outbox: `post-${postId}`, reference: 'reference' } } });

  it('enrols with a one-time code and stores the token and a fresh 32-byte database key', async () => {
    const store = new FileSecretStore(path.join(dir, 's.json'));
    const { fetchImpl, requests } = fakeCentral([granted()]);
    const result = await enrolStation({ serverUrl: 'https://central.example/', code: ' ABCDE-FGHIJ ', stationName: 'Lane 1', secrets: store, fetch: fetchImpl });
    expect(requests).toEqual([{ url: 'https://central.example/api/stations/enrol', body: { code: 'ABCDE-FGHIJ', stationName: 'Lane 1', bundleKeys: { signing: expect.any(String), encryption: expect.any(String) } } }]);
    expect(result).toMatchObject({ ok: true, value: { stationId: 'st-9', postId: 'north-gate', token: 'bps_one', serverUrl: 'https://central.example' } });
    const stored = await store.read();
    expect(Buffer.from(stored!.databaseKey, 'base64')).toHaveLength(32);
  });

  it('sends its bundle public keys, keeps central\'s, and keeps its own key pairs across re-enrolment', async () => {
    const pem = (key: crypto.KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();
    const centralBundleKeys = { signing: pem(crypto.generateKeyPairSync('ed25519').publicKey), encryption: pem(crypto.generateKeyPairSync('x25519').publicKey) };
    const withKeys = (token: string) => ({ status: 201, body: { ...granted('north-gate', token).body, centralBundleKeys } });
    const store = new FileSecretStore(path.join(dir, 's.json'));
    const { fetchImpl, requests } = fakeCentral([withKeys('bps_one'), withKeys('bps_two')]);
    await enrolStation({ serverUrl: 'https://c.example', code: 'CODE1', stationName: 'L', secrets: store, fetch: fetchImpl });
    const first = await store.read();
    expect(first!.bundle!.central).toEqual(centralBundleKeys);
    const sent = (requests[0]!.body as { bundleKeys: { signing: string; encryption: string } }).bundleKeys;
    // What was sent is the public half of what is kept, of the right kinds.
    expect(crypto.createPublicKey(first!.bundle!.signingKey).export({ type: 'spki', format: 'pem' }).toString()).toBe(sent.signing);
    expect(crypto.createPublicKey(sent.signing).asymmetricKeyType).toBe('ed25519');
    expect(crypto.createPublicKey(sent.encryption).asymmetricKeyType).toBe('x25519');
    await enrolStation({ serverUrl: 'https://c.example', code: 'CODE2', stationName: 'L', secrets: store, fetch: fetchImpl });
    const second = await store.read();
    expect(second!.token).toBe('bps_two');
    expect(second!.bundle).toEqual(first!.bundle);
    // An answer without (or with malformed) central keys enrols, but without bundle keys.
    const other = new FileSecretStore(path.join(dir, 'o.json'));
    const bad = fakeCentral([{ status: 201, body: { ...granted().body, centralBundleKeys: { signing: centralBundleKeys.encryption, encryption: centralBundleKeys.signing } } }]);
    await enrolStation({ serverUrl: 'https://c.example', code: 'CODE3', stationName: 'L', secrets: other, fetch: bad.fetchImpl });
    expect((await other.read())!.bundle).toBeUndefined();
  });

  it('keeps the database key when the station enrols again for the same post', async () => {
    const store = new FileSecretStore(path.join(dir, 's.json'));
    const { fetchImpl } = fakeCentral([granted('north-gate', 'bps_one'), granted('north-gate', 'bps_two')]);
    const first = await enrolStation({ serverUrl: 'https://c.example', code: 'CODE1', stationName: 'L', secrets: store, fetch: fetchImpl });
    const second = await enrolStation({ serverUrl: 'https://c.example', code: 'CODE2', stationName: 'L', secrets: store, fetch: fetchImpl });
    expect(second.ok && first.ok && second.value.databaseKey === first.value.databaseKey).toBe(true);
    expect((await store.read())?.token).toBe('bps_two');
  });

  it('refuses to move a station holding one post’s data to another post', async () => {
    const store = new FileSecretStore(path.join(dir, 's.json'));
    await store.write(secrets);
    const { fetchImpl } = fakeCentral([granted('river-crossing')]);
    const result = await enrolStation({ serverUrl: 'https://c.example', code: 'CODE3', stationName: 'L', secrets: store, fetch: fetchImpl });
    expect(result).toMatchObject({ ok: false, error: { code: 'STATION_OTHER_POST', details: { current: 'north-gate', offered: 'river-crossing' } } });
    await expect(store.read()).resolves.toEqual(secrets);
  });

  it('reports a refused code, no link, and bad input with stable codes, storing nothing', async () => {
    const store = new FileSecretStore(path.join(dir, 's.json'));
    const refused = fakeCentral([{ status: 403, body: { ok: false, error: { code: 'SERVER_BAD_ENROLMENT_CODE', message: 'the enrolment code is unknown, used, revoked or expired' } } }]);
    await expect(enrolStation({ serverUrl: 'https://c.example', code: 'USED1', stationName: 'L', secrets: store, fetch: refused.fetchImpl })).resolves.toMatchObject({
      ok: false,
      error: { code: 'STATION_ENROL_REFUSED', details: { status: 403, serverCode: 'SERVER_BAD_ENROLMENT_CODE' } },
    });
    const offline = fakeCentral([Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })]);
    await expect(enrolStation({ serverUrl: 'https://c.example', code: 'CODE4', stationName: 'L', secrets: store, fetch: offline.fetchImpl })).resolves.toMatchObject({
      error: { code: 'STATION_ENROL_NO_LINK' },
    });
    const garbled = fakeCentral([{ status: 201, body: { hello: 'world' } }]);
    await expect(enrolStation({ serverUrl: 'https://c.example', code: 'CODE5', stationName: 'L', secrets: store, fetch: garbled.fetchImpl })).resolves.toMatchObject({
      error: { code: 'STATION_ENROL_BAD_ANSWER' },
    });
    for (const [serverUrl, code, stationName, expected] of [
      ['ftp://c.example', 'CODE6', 'L', 'STATION_BAD_SERVER_URL'],
      ['https://user:pw@c.example', 'CODE6', 'L', 'STATION_BAD_SERVER_URL'],
      ['not a url', 'CODE6', 'L', 'STATION_BAD_SERVER_URL'],
      ['https://c.example', 'X', 'L', 'STATION_BAD_CODE'],
      ['https://c.example', 'CODE6', '   ', 'STATION_BAD_NAME'],
    ]) {
      await expect(enrolStation({ serverUrl: serverUrl!, code: code!, stationName: stationName!, secrets: store })).resolves.toMatchObject({ error: { code: expected } });
    }
    await expect(store.read()).resolves.toBeNull();
  });
});
