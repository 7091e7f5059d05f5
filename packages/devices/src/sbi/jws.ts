import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { DeviceError } from '../errors';

/** base64url without padding, as JWS uses. */
export function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * Reads the payload of a compact JWS (`header.payload.signature`). The signature is NOT verified:
 * that needs the device provider's certificate chain from MOSIP's device registry, which an offline
 * post does not have. What the payload says is trusted as much as the local service is.
 */
export function jwsPayload<T = Record<string, unknown>>(token: unknown, what: string): T {
  if (typeof token !== 'string') throw new DeviceError('DEVICE_PROTOCOL_ERROR', `${what} is not a string`);
  const parts = token.split('.');
  if (parts.length !== 3 && parts.length !== 1) throw new DeviceError('DEVICE_PROTOCOL_ERROR', `${what} is not a JWS (${parts.length} parts)`);
  // Unregistered devices may send the bare base64url payload.
  const payload = parts.length === 3 ? parts[1]! : parts[0]!;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as T;
  } catch {
    throw new DeviceError('DEVICE_PROTOCOL_ERROR', `${what} does not carry a JSON payload`);
  }
}

let emulatorKey: KeyObject | undefined;

/** RS256 JWS signed with a throw-away key (the emulator's "device key"). */
export function signJws(payload: unknown): string {
  emulatorKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const body = base64url(JSON.stringify(payload));
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${body}`);
  return `${header}.${body}.${signer.sign(emulatorKey).toString('base64url')}`;
}
