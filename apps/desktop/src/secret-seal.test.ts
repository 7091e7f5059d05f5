import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileSecretStore, type StationSecrets } from '@borderpost/runtime-core';
import { type MainToRuntime, type RuntimeToMain, isRuntimeMessage } from './protocol';
import { RuntimeRelay } from './relay';
import { type PortLike } from './runtime-host';
import { type SyncSecretCodec, safeStorageCodec } from './secret-codec';
import { remoteSecretCodec } from './secret-seal';

/** Electron's safeStorage as the desktop tests fake it (XOR stands in for the OS keychain). */
function fakeSafeStorage(options: { available?: boolean; failDecrypt?: boolean } = {}) {
  return {
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => 'gnome_libsecret' as const,
    encryptString: (text: string) => Buffer.from([...Buffer.from(text)].map((b) => b ^ 0x5a)),
    decryptString: (sealed: Buffer) => {
      if (options.failDecrypt) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from([...sealed].map((b) => b ^ 0x5a)).toString();
    },
  };
}

/** Main (the relay, holding safeStorage) ⇄ runtime process (its port), structured-cloned and asynchronous. */
function wire(seal: SyncSecretCodec | null, options: { mainAnswers?: boolean } = {}) {
  const toRuntime: Array<(message: { data: unknown }) => void> = [];
  const seen: RuntimeToMain[] = [];
  const relay = new RuntimeRelay({
    post: (message: MainToRuntime) => {
      const copy = structuredClone(message);
      setImmediate(() => toRuntime.forEach((listener) => listener({ data: copy })));
    },
    onEvent: () => undefined,
    seal,
  });
  const port: PortLike = {
    on: (_event, listener) => toRuntime.push(listener),
    postMessage: (message: RuntimeToMain) => {
      const copy = structuredClone(message);
      seen.push(copy);
      if (options.mainAnswers !== false) setImmediate(() => relay.handleRuntimeMessage(copy));
    },
  };
  return { port, seen, toRuntime };
}

const secrets: StationSecrets = {
  version: 1,
  serverUrl: 'https://central.example',
  stationId: 'station-7',
  postId: 'post-north',
  stationName: 'Lane 1',
  token: 'bp_station_token_do_not_leak_0123456789',
  databaseKey: Buffer.alloc(32, 7).toString('base64'),
  enrolledAt: '2026-11-28T00:00:00.000Z',
};

describe('station secrets sealed by main for the runtime process', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-seal-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the secrets file sealed by the keychain and reads it back through the relay', async () => {
    const { port, seen } = wire(safeStorageCodec(fakeSafeStorage()));
    const file = path.join(dir, 'station-secrets.json');
    const store = new FileSecretStore(file, remoteSecretCodec(port));
    await store.write(secrets);
    const onDisk = fs.readFileSync(file);
    // Neither the token nor the database key are on disk in the clear, and the file is still 0600.
    expect(onDisk.includes(secrets.token)).toBe(false);
    expect(onDisk.includes(secrets.databaseKey)).toBe(false);
    expect(onDisk.toString('utf8')).not.toContain('stationId');
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await expect(store.read()).resolves.toEqual(secrets);
    expect(seen.map((message) => (message.type === 'seal' ? message.op : message.type))).toEqual(['encrypt', 'decrypt']);
    // Another keychain (a fresh store without the codec) cannot make sense of the file.
    await expect(new FileSecretStore(file).read()).rejects.toMatchObject({ code: 'STATION_SECRETS_CORRUPT' });
  });

  it('refuses to write when main has no usable keychain, and leaves no file behind', async () => {
    const file = path.join(dir, 'station-secrets.json');
    const unavailable = new FileSecretStore(file, remoteSecretCodec(wire(safeStorageCodec(fakeSafeStorage({ available: false }))).port));
    await expect(unavailable.write(secrets)).rejects.toMatchObject({ code: 'STATION_KEYCHAIN_UNAVAILABLE' });
    const noCodec = new FileSecretStore(file, remoteSecretCodec(wire(null).port));
    await expect(noCodec.write(secrets)).rejects.toMatchObject({ code: 'STATION_KEYCHAIN_UNAVAILABLE' });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('reports a file the keychain cannot unseal with a stable code', async () => {
    const file = path.join(dir, 'station-secrets.json');
    await new FileSecretStore(file, remoteSecretCodec(wire(safeStorageCodec(fakeSafeStorage())).port)).write(secrets);
    const other = new FileSecretStore(file, remoteSecretCodec(wire(safeStorageCodec(fakeSafeStorage({ failDecrypt: true }))).port));
    await expect(other.read()).rejects.toMatchObject({ code: 'STATION_SECRETS_UNSEALABLE' });
  });

  it('fails instead of hanging when main never answers, and ignores stray or malformed answers', async () => {
    const { port, toRuntime } = wire(safeStorageCodec(fakeSafeStorage()), { mainAnswers: false });
    const codec = remoteSecretCodec(port, 50);
    const pending = codec.encrypt(Buffer.from('x'));
    toRuntime.forEach((listener) => listener({ data: { type: 'sealed', id: 999, result: { ok: true, value: 'AA==' } } }));
    toRuntime.forEach((listener) => listener({ data: { type: 'sealed', id: 1 } }));
    toRuntime.forEach((listener) => listener({ data: null }));
    await expect(pending).rejects.toMatchObject({ code: 'STATION_KEYCHAIN_UNAVAILABLE' });
  });

  it('accepts only well-formed seal requests from the runtime', () => {
    expect(isRuntimeMessage({ type: 'seal', id: 1, op: 'encrypt', data: '' })).toBe(true);
    expect(isRuntimeMessage({ type: 'seal', id: 1, op: 'export-key', data: '' })).toBe(false);
    expect(isRuntimeMessage({ type: 'seal', id: '1', op: 'decrypt', data: '' })).toBe(false);
    expect(isRuntimeMessage({ type: 'seal', id: 1, op: 'decrypt', data: 42 })).toBe(false);
  });
});
