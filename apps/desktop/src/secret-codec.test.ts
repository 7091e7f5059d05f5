import { safeStorageCodec } from './secret-codec';

function fakeSafeStorage(backend = 'gnome_libsecret', available = true) {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend as 'gnome_libsecret',
    encryptString: (text: string) => Buffer.from([...Buffer.from(text)].map((b) => b ^ 0x5a)),
    decryptString: (sealed: Buffer) => Buffer.from([...sealed].map((b) => b ^ 0x5a)).toString(),
  };
}

describe('safeStorage codec', () => {
  it('seals and unseals binary content through the keychain', () => {
    const codec = safeStorageCodec(fakeSafeStorage());
    const secret = Buffer.from([0, 1, 2, 250, 255]);
    const sealed = codec.encrypt(secret);
    expect(sealed.equals(secret)).toBe(false);
    expect(codec.decrypt(sealed).equals(secret)).toBe(true);
  });

  it('refuses to work without a real keychain', () => {
    expect(() => safeStorageCodec(fakeSafeStorage('gnome_libsecret', false)).encrypt(Buffer.from('x'))).toThrow(expect.objectContaining({ code: 'STATION_KEYCHAIN_UNAVAILABLE' }));
    if (process.platform === 'linux') {
      expect(() => safeStorageCodec(fakeSafeStorage('basic_text')).encrypt(Buffer.from('x'))).toThrow(expect.objectContaining({ code: 'STATION_KEYCHAIN_UNAVAILABLE' }));
    }
  });
});
