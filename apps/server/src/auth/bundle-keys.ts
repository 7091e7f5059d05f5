/**
 * Keys for removable-media bundles (issue 6, format in `@borderpost/bundle`). Every bundle is signed by its
 * sender (Ed25519) and encrypted for its recipient (X25519), in both directions: a station signs what it
 * exports and central verifies it with the station's registered signing key; central signs reference
 * bundles and encrypts them with the station's registered encryption key. Keys travel as PEM text.
 */
import crypto from 'node:crypto';
import { badRequest } from '../storage/errors';
import type { SqlExecutor } from '../storage/sql';

/** The public halves a party gives the other side. */
export interface BundlePublicKeys {
  /** Ed25519, SPKI PEM: verifies the bundles this party signs. */
  signing: string;
  /** X25519, SPKI PEM: bundles for this party are encrypted to it. */
  encryption: string;
}

function publicKeyOfKind(pem: unknown, kind: 'ed25519' | 'x25519', field: string): string {
  if (typeof pem !== 'string' || pem.length > 1000) throw badRequest(`${field} must be a PEM public key`, 'SERVER_BAD_BUNDLE_KEY');
  let key: crypto.KeyObject;
  try {
    key = crypto.createPublicKey(pem);
  } catch {
    throw badRequest(`${field} is not a readable public key`, 'SERVER_BAD_BUNDLE_KEY');
  }
  if (key.asymmetricKeyType !== kind) throw badRequest(`${field} must be an ${kind} key, not ${key.asymmetricKeyType ?? 'unknown'}`, 'SERVER_BAD_BUNDLE_KEY');
  // Stored in one canonical form, whatever whitespace the station sent.
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

/** Checks a station's keys as they arrive over HTTP: `SERVER_BAD_BUNDLE_KEY` for anything else. */
export function parseBundlePublicKeys(value: unknown): BundlePublicKeys {
  const keys = value as { signing?: unknown; encryption?: unknown } | null;
  if (typeof keys !== 'object' || keys === null) throw badRequest('bundleKeys must be { signing, encryption }', 'SERVER_BAD_BUNDLE_KEY');
  return { signing: publicKeyOfKind(keys.signing, 'ed25519', 'bundleKeys.signing'), encryption: publicKeyOfKind(keys.encryption, 'x25519', 'bundleKeys.encryption') };
}

export interface CentralBundleKeys {
  publicKeys: BundlePublicKeys;
  signingPrivateKey: string;
  encryptionPrivateKey: string;
}

function pemPair(kind: 'ed25519' | 'x25519'): { publicKey: string; privateKey: string } {
  const pair = kind === 'ed25519' ? crypto.generateKeyPairSync('ed25519') : crypto.generateKeyPairSync('x25519');
  return { publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/**
 * Central's key pairs, created the first time they are asked for (at server start) and kept in the
 * database, so every instance of a multi-instance deployment shares them. `ON CONFLICT DO NOTHING` and a
 * read-back make two instances starting at once agree on one pair.
 */
export async function ensureCentralBundleKeys(sql: SqlExecutor, now: () => Date = () => new Date()): Promise<CentralBundleKeys> {
  const read = () => sql.query<{ purpose: string; public_key: string; private_key: string }>('SELECT purpose, public_key, private_key FROM central_bundle_keys');
  let rows = await read();
  for (const purpose of ['signing', 'encryption'] as const) {
    if (rows.some((row) => row.purpose === purpose)) continue;
    const pair = pemPair(purpose === 'signing' ? 'ed25519' : 'x25519');
    await sql.execute('INSERT INTO central_bundle_keys (purpose, public_key, private_key, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (purpose) DO NOTHING', [
      purpose,
      pair.publicKey,
      pair.privateKey,
      now().toISOString(),
    ]);
  }
  rows = await read();
  const signing = rows.find((row) => row.purpose === 'signing')!;
  const encryption = rows.find((row) => row.purpose === 'encryption')!;
  return {
    publicKeys: { signing: signing.public_key, encryption: encryption.public_key },
    signingPrivateKey: signing.private_key,
    encryptionPrivateKey: encryption.private_key,
  };
}
