import { BorderpostError } from '@borderpost/common';
import crypto from 'node:crypto';

/**
 * Password hashes for offline sign-in. Central hashes (user documents replicate to the posts where the
 * user may work); the post only verifies. Format, compatible with what the central server writes today:
 *
 *     scrypt$<N>$<r>$<p>$<salt, base64>$<hash, base64>
 *
 * scrypt because it is memory-hard and ships in node:crypto (no native add-on to rebuild for Electron).
 * The parameters travel with each hash, so they can be raised later without invalidating old hashes.
 */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** 2^15 × r 8 → 32 MiB and roughly 0.1 s per verify on a post laptop: slow for guessing, fine for a sign-in. */
export const defaultScryptParams: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

/** Bounds on parameters read from a hash: keeps a corrupt or hostile document from costing gigabytes. */
const LIMITS = { minN: 2 ** 10, maxN: 2 ** 20, maxR: 32, maxP: 16, minSalt: 16, maxSalt: 64, minHash: 16, maxHash: 64 };
const MAX_PASSWORD_LENGTH = 1024;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

export interface ParsedPasswordHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

function badHash(message: string): never {
  throw new BorderpostError('AUTH_BAD_HASH', message);
}

function checkParams(params: ScryptParams): void {
  const { N, r, p } = params;
  if (!Number.isInteger(N) || N < LIMITS.minN || N > LIMITS.maxN || (N & (N - 1)) !== 0) badHash(`scrypt N must be a power of two in [2^10, 2^20], got ${N}`);
  if (!Number.isInteger(r) || r < 1 || r > LIMITS.maxR) badHash(`scrypt r must be in [1, ${LIMITS.maxR}], got ${r}`);
  if (!Number.isInteger(p) || p < 1 || p > LIMITS.maxP) badHash(`scrypt p must be in [1, ${LIMITS.maxP}], got ${p}`);
}

const base64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Reads a stored hash; throws AUTH_BAD_HASH (never a generic error) for anything malformed. */
export function parsePasswordHash(stored: string): ParsedPasswordHash {
  if (typeof stored !== 'string' || stored.length > 300) badHash('password hash is not a string of at most 300 characters');
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') badHash('password hash is not in the scrypt$N$r$p$salt$hash format');
  const [, n, r, p, salt64, hash64] = parts as [string, string, string, string, string, string];
  const digits = /^[1-9][0-9]{0,9}$/;
  if (!digits.test(n) || !digits.test(r) || !digits.test(p)) badHash('scrypt parameters must be positive integers');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  checkParams(params);
  if (!base64.test(salt64) || !base64.test(hash64)) badHash('salt and hash must be base64');
  const salt = Buffer.from(salt64, 'base64');
  const hash = Buffer.from(hash64, 'base64');
  if (salt.length < LIMITS.minSalt || salt.length > LIMITS.maxSalt) badHash(`salt must be ${LIMITS.minSalt}–${LIMITS.maxSalt} bytes`);
  if (hash.length < LIMITS.minHash || hash.length > LIMITS.maxHash) badHash(`hash must be ${LIMITS.minHash}–${LIMITS.maxHash} bytes`);
  return { params, salt, hash };
}

/**
 * Unicode passwords are compared in NFC: the same "é" typed on two keyboards may arrive composed or
 * decomposed. ASCII passwords are unchanged by it, so hashes written without normalisation still verify.
 */
function normalise(password: string): string {
  if (typeof password !== 'string' || password.length === 0) throw new BorderpostError('AUTH_BAD_PASSWORD', 'password must be a non-empty string');
  if (password.length > MAX_PASSWORD_LENGTH) throw new BorderpostError('AUTH_BAD_PASSWORD', `password longer than ${MAX_PASSWORD_LENGTH} characters`);
  return password.normalize('NFC');
}

function scrypt(password: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  // Async: runs on libuv's thread pool, so a sign-in never freezes the runtime's event loop.
  return new Promise((resolve, reject) => {
    crypto.scrypt(password, salt, keyLength, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Hashes a password for storage (central, and the `user` command later). */
export async function hashPassword(password: string, params: ScryptParams = defaultScryptParams): Promise<string> {
  checkParams(params);
  const salt = crypto.randomBytes(SALT_LENGTH);
  const hash = await scrypt(normalise(password), salt, KEY_LENGTH, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/**
 * True when `password` matches `stored`. Compares in constant time. A malformed hash throws AUTH_BAD_HASH
 * (a data problem to show a technician), a wrong password is simply false.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  let candidate: string;
  try {
    candidate = normalise(password);
  } catch {
    return false;
  }
  const actual = await scrypt(candidate, parsed.salt, parsed.hash.length, parsed.params);
  return crypto.timingSafeEqual(actual, parsed.hash);
}

/** Params of a stored hash, to decide whether central should re-hash it with stronger ones. */
export function needsRehash(stored: string, wanted: ScryptParams = defaultScryptParams): boolean {
  const { params } = parsePasswordHash(stored);
  return params.N < wanted.N || params.r < wanted.r || params.p < wanted.p;
}
