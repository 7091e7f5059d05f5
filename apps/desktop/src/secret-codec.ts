/**
 * The station's secrets (token, database key) encrypted by the operating system's keychain through
 * Electron's `safeStorage` (DPAPI on Windows, libsecret/kwallet on Linux, Keychain on macOS), as the
 * codec of `FileSecretStore` from `@borderpost/runtime-core`. `safeStorage` is only usable in the main
 * process after `ready`; the runtime process asks main to seal/unseal over the relay.
 */
import type { SafeStorage } from 'electron';
import { BorderpostError } from '@borderpost/common';
import type { SecretCodec } from '@borderpost/runtime-core';

/** A codec that answers at once (safeStorage is synchronous in main). */
export type SyncSecretCodec = { [K in keyof SecretCodec]: (data: Buffer) => Buffer };

export function safeStorageCodec(safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>): SyncSecretCodec {
  const available = () => {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new BorderpostError('STATION_KEYCHAIN_UNAVAILABLE', 'the operating system keychain is not available to protect the station secrets');
    }
    // On Linux without a keyring, Electron falls back to a hard-coded password: that is no protection.
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      throw new BorderpostError('STATION_KEYCHAIN_UNAVAILABLE', 'no Linux keyring (gnome-libsecret or kwallet) is running; the station secrets would not be protected');
    }
  };
  return {
    encrypt: (plain) => {
      available();
      return safeStorage.encryptString(plain.toString('base64'));
    },
    decrypt: (sealed) => {
      available();
      return Buffer.from(safeStorage.decryptString(sealed), 'base64');
    },
  };
}
