/**
 * Sealing the station secrets across the process boundary. Electron's `safeStorage` works only in the
 * main process, but the secrets file is read and written by the runtime utility process: the runtime's
 * `FileSecretStore` gets `remoteSecretCodec(port)`, which sends each encrypt/decrypt to main as a typed
 * `seal` message; main answers with `answerSealRequest(safeStorageCodec(safeStorage), message)` (via the
 * relay). Only bytes cross: the plaintext never touches the disk, and main never sees the file.
 */
import { BorderpostError, type Result, err, ok, toErrorData } from '@borderpost/common';
import type { SecretCodec } from '@borderpost/runtime-core';
import { type MainToRuntime, type RuntimeToMain } from './protocol';
import { type PortLike } from './runtime-host';
import { type SyncSecretCodec } from './secret-codec';

/** Main's side: runs one seal request through the keychain codec; always answers, never throws. */
export function answerSealRequest(codec: SyncSecretCodec | null, request: Extract<RuntimeToMain, { type: 'seal' }>): MainToRuntime {
  let result: Result<string>;
  if (!codec) {
    result = err({ code: 'STATION_KEYCHAIN_UNAVAILABLE', message: 'the main process has no keychain to seal the station secrets with' });
  } else {
    try {
      const input = Buffer.from(request.data, 'base64');
      result = ok((request.op === 'encrypt' ? codec.encrypt(input) : codec.decrypt(input)).toString('base64'));
    } catch (error) {
      // A decrypt the keychain refuses (another user, another machine, damaged bytes) says so with a stable code.
      result = err(
        error instanceof BorderpostError
          ? toErrorData(error)
          : { code: 'STATION_SECRETS_UNSEALABLE', message: `the keychain could not ${request.op} the station secrets: ${error instanceof Error ? error.message : String(error)}` },
      );
    }
  }
  return { type: 'sealed', id: request.id, result };
}

/**
 * The runtime's side: a `SecretCodec` whose work is done by main. A request main does not answer within
 * `timeoutMs` fails (STATION_KEYCHAIN_UNAVAILABLE) instead of hanging the runtime's start.
 */
export function remoteSecretCodec(port: PortLike, timeoutMs = 30_000): SecretCodec {
  let nextId = 1;
  const pending = new Map<number, { resolve: (data: Buffer) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  port.on('message', ({ data }) => {
    const message = data as Partial<Extract<MainToRuntime, { type: 'sealed' }>> | null;
    if (typeof message !== 'object' || message === null || message.type !== 'sealed' || typeof message.id !== 'number') return;
    const call = pending.get(message.id);
    if (!call || typeof message.result !== 'object' || message.result === null) return;
    pending.delete(message.id);
    clearTimeout(call.timer);
    const result = message.result;
    if (result.ok && typeof result.value === 'string') call.resolve(Buffer.from(result.value, 'base64'));
    else if (!result.ok) call.reject(new BorderpostError(result.error.code, result.error.message));
    else call.reject(new BorderpostError('STATION_SECRETS_UNSEALABLE', 'the main process answered a seal request with something other than bytes'));
  });
  const request = (op: 'encrypt' | 'decrypt', input: Buffer) =>
    new Promise<Buffer>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new BorderpostError('STATION_KEYCHAIN_UNAVAILABLE', `the main process did not ${op} the station secrets within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      pending.set(id, { resolve, reject, timer });
      port.postMessage({ type: 'seal', id, op, data: input.toString('base64') });
    });
  return { encrypt: (plain) => request('encrypt', plain), decrypt: (sealed) => request('decrypt', sealed) };
}
