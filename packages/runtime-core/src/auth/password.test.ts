import crypto from 'node:crypto';
import { hashPassword, needsRehash, parsePasswordHash, verifyPassword } from './password';

// Small cost for speed; one test uses the production default.
const fast = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashes', () => {
  it('writes scrypt$N$r$p$salt$hash and verifies the right password only', async () => {
    const stored = await hashPassword('correct horse battery staple', fast);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapl', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
    await expect(verifyPassword('x'.repeat(5000), stored)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same', fast), hashPassword('same', fast)]);
    expect(a).not.toBe(b);
  });

  it('uses strong defaults and verifies with them', async () => {
    const stored = await hashPassword('Tr0ub4dor&3');
    expect(parsePasswordHash(stored).params).toEqual({ N: 32768, r: 8, p: 1 });
    await expect(verifyPassword('Tr0ub4dor&3', stored)).resolves.toBe(true);
    expect(needsRehash(stored)).toBe(false);
    expect(needsRehash(await hashPassword('x', fast))).toBe(true);
  });

  it('verifies hashes in the format the central server writes (raw node:crypto scrypt, N=16384)', async () => {
    const salt = crypto.randomBytes(16);
    const hash = crypto.scryptSync('motdepasse', salt, 32, { N: 16384, r: 8, p: 1 });
    const stored = `scrypt$16384$8$1$${salt.toString('base64')}$${hash.toString('base64')}`;
    await expect(verifyPassword('motdepasse', stored)).resolves.toBe(true);
  });

  it('compares Unicode passwords in NFC (composed and decomposed é are the same password)', async () => {
    const composed = 'caf\u00e9-frontière';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    const stored = await hashPassword(decomposed, fast);
    await expect(verifyPassword(composed, stored)).resolves.toBe(true);
    const arabic = await hashPassword('كلمة السر', fast);
    await expect(verifyPassword('كلمة السر', arabic)).resolves.toBe(true);
  });

  it('refuses malformed or dangerous hashes with AUTH_BAD_HASH', async () => {
    const good = await hashPassword('pw', fast);
    const [, , , , salt, hash] = good.split('$');
    for (const stored of [
      '',
      'bcrypt$2b$10$abc',
      'scrypt$1024$8$1$onlyfive',
      `scrypt$1000$8$1$${salt}$${hash}`, // not a power of two
      `scrypt$${2 ** 24}$8$1$${salt}$${hash}`, // 16 GiB of memory: refused before running
      `scrypt$1024$0$1$${salt}$${hash}`,
      `scrypt$1024$8$99$${salt}$${hash}`,
      `scrypt$1024$8$1$${salt}$not*base64`,
      `scrypt$1024$8$1$AAAA$${hash}`, // salt too short
      `scrypt$01024$8$1$${salt}$${hash}`,
      'scrypt$example$not-a-real-hash',
      'x'.repeat(400),
    ]) {
      await expect(verifyPassword('pw', stored)).rejects.toMatchObject({ code: 'AUTH_BAD_HASH' });
    }
    await expect(hashPassword('pw', { N: 3, r: 8, p: 1 })).rejects.toMatchObject({ code: 'AUTH_BAD_HASH' });
    await expect(hashPassword('', fast)).rejects.toMatchObject({ code: 'AUTH_BAD_PASSWORD' });
  });
});
