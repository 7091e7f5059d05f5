import { ManualClock } from '@borderpost/sync';
import { LockoutTracker } from './lockout';
import { hashPassword } from './password';
import { type UserRecord, assertCanWorkAt, canWorkAt } from './posts';
import { type SignInDeps, signInOffline } from './sign-in';

const fast = { N: 2 ** 10, r: 8, p: 1 };
let users: Record<string, UserRecord>;

beforeAll(async () => {
  users = {
    amina: { userId: 'amina', name: 'Amina Kane', roles: ['officer'], posts: ['north-gate', 'river-crossing'], passwordHash: await hashPassword('s3cret-amina', fast) },
    omar: { userId: 'omar', name: 'Omar Diallo', roles: ['officer', 'supervisor'], posts: ['airport'], passwordHash: await hashPassword('s3cret-omar', fast) },
    gone: { userId: 'gone', name: 'Left Service', roles: ['officer'], posts: ['north-gate'], passwordHash: await hashPassword('s3cret-gone', fast), disabled: true },
    broken: { userId: 'broken', name: 'Broken Doc', roles: ['officer'], posts: ['north-gate'], passwordHash: 'scrypt$example$not-a-real-hash' },
  };
});

function deps(overrides: Partial<SignInDeps> = {}) {
  const clock = new ManualClock();
  const lookups: string[] = [];
  const d: SignInDeps = {
    findUser: async (username) => {
      lookups.push(username);
      return users[username] ?? null;
    },
    hasReferenceData: async () => true,
    stationPostId: 'north-gate',
    lockout: new LockoutTracker({ maxFailures: 3, windowMs: 600_000, lockMs: 900_000 }, clock),
    clock,
    ...overrides,
  };
  return { d, clock, lookups };
}

describe('offline sign-in', () => {
  it('signs in an officer assigned to this post with the right password', async () => {
    const { d, clock } = deps();
    const result = await signInOffline(d, 'amina', 's3cret-amina');
    expect(result).toEqual({ ok: true, value: { user: users.amina, signedInAt: new Date(clock.now()).toISOString() } });
  });

  it('gives the same answer for a wrong password and an unknown name', async () => {
    const { d } = deps();
    const wrong = await signInOffline(d, 'amina', 'guess');
    const unknown = await signInOffline(d, 'nobody', 'guess');
    expect(wrong).toEqual({ ok: false, error: { code: 'AUTH_BAD_CREDENTIALS', message: 'user name or password is wrong' } });
    expect(unknown).toEqual(wrong);
  });

  it('locks after repeated failures, refuses even the right password while locked, and unlocks later', async () => {
    const { d, clock } = deps();
    await signInOffline(d, 'amina', 'guess-1');
    await signInOffline(d, 'amina', 'guess-2');
    const third = await signInOffline(d, 'amina', 'guess-3');
    expect(third).toMatchObject({ ok: false, error: { code: 'AUTH_LOCKED', details: { until: new Date(clock.now() + 900_000).toISOString() } } });
    await expect(signInOffline(d, 'amina', 's3cret-amina')).resolves.toMatchObject({ ok: false, error: { code: 'AUTH_LOCKED' } });
    await clock.advance(900_000);
    await expect(signInOffline(d, 'amina', 's3cret-amina')).resolves.toMatchObject({ ok: true });
    // success cleared the count: two more failures do not lock
    await signInOffline(d, 'amina', 'x');
    await expect(signInOffline(d, 'amina', 'y')).resolves.toMatchObject({ error: { code: 'AUTH_BAD_CREDENTIALS' } });
  });

  it('locks unknown names too, so a lock reveals nothing', async () => {
    const { d } = deps();
    for (let i = 0; i < 2; i++) await signInOffline(d, 'ghost', 'x');
    await expect(signInOffline(d, 'ghost', 'x')).resolves.toMatchObject({ error: { code: 'AUTH_LOCKED' } });
  });

  it('refuses an officer at a post not assigned to them (without counting a guess)', async () => {
    const { d } = deps();
    for (let i = 0; i < 4; i++) {
      await expect(signInOffline(d, 'omar', 's3cret-omar')).resolves.toMatchObject({
        ok: false,
        error: { code: 'AUTH_POST_NOT_ASSIGNED', details: { postId: 'north-gate' } },
      });
    }
    expect(d.lockout.status('omar')).toEqual({ locked: false, failuresInWindow: 0 });
    expect(canWorkAt(users.omar!, 'airport')).toBe(true);
    expect(canWorkAt(users.gone!, 'north-gate')).toBe(false);
    expect(() => assertCanWorkAt(users.omar!, 'north-gate')).toThrow(expect.objectContaining({ code: 'AUTH_POST_NOT_ASSIGNED' }));
  });

  it('refuses a disabled account only after the right password', async () => {
    const { d } = deps();
    await expect(signInOffline(d, 'gone', 'wrong')).resolves.toMatchObject({ error: { code: 'AUTH_BAD_CREDENTIALS' } });
    await expect(signInOffline(d, 'gone', 's3cret-gone')).resolves.toMatchObject({ error: { code: 'AUTH_ACCOUNT_DISABLED' } });
  });

  it('needs a link for the first sign-in of a new station', async () => {
    const { d, lookups } = deps({ hasReferenceData: async () => false });
    await expect(signInOffline(d, 'amina', 's3cret-amina')).resolves.toMatchObject({ error: { code: 'AUTH_NEEDS_LINK' } });
    expect(lookups).toEqual([]);
  });

  it('reports an unreadable stored hash as such, not as a wrong password', async () => {
    const { d } = deps();
    await expect(signInOffline(d, 'broken', 'anything')).resolves.toMatchObject({ error: { code: 'AUTH_BAD_HASH' } });
    expect(d.lockout.status('broken')).toEqual({ locked: false, failuresInWindow: 0 });
  });

  it('rejects junk input without looking anything up', async () => {
    const { d, lookups } = deps();
    for (const [u, p] of [['', 'x'], ['   ', 'x'], ['a'.repeat(500), 'x'], [42, 'x'], ['amina', null]] as Array<[unknown, unknown]>) {
      await expect(signInOffline(d, u as string, p as string)).resolves.toMatchObject({ error: { code: 'AUTH_BAD_CREDENTIALS' } });
    }
    expect(lookups).toEqual([]);
  });
});
