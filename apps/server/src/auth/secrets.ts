import crypto from 'node:crypto';
import { promisify } from 'node:util';

/**
 * Secrets are random and stored only as hashes: a stolen database yields no usable token or code.
 * Tokens and codes are high-entropy, so a plain SHA-256 suffices for them; passwords (low entropy)
 * use scrypt with a per-password salt.
 */
export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

/** 256-bit bearer token; the prefix tells a station token (`bps_`) from a user session (`bpu_`). */
export function newToken(prefix: 'bps' | 'bpu'): string {
  return `${prefix}_${crypto.randomBytes(32).toString('base64url')}`;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A 50-bit one-time code a technician can read over the phone: `XXXXX-XXXXX` (Crockford base32). */
export function newEnrolmentCode(): string {
  const bytes = crypto.randomBytes(10);
  const chars = [...bytes].map((byte) => CROCKFORD[byte % 32]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Case, dashes and spaces do not matter when typing a code; O/I/L read as 0/1/1 (Crockford). */
export function normaliseEnrolmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, length: number, options: crypto.ScryptOptions) => Promise<Buffer>;
const SCRYPT = { N: 16384, r: 8, p: 1 };

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return crypto.timingSafeEqual(actual, expected);
}
