import { ManualClock } from '@borderpost/sync';
import { LockoutTracker } from './lockout';

const MINUTE = 60_000;
const policy = { maxFailures: 3, windowMs: 10 * MINUTE, lockMs: 15 * MINUTE };

describe('LockoutTracker', () => {
  it('locks a name after N failures within the window, until the lock expires', async () => {
    const clock = new ManualClock();
    const lockout = new LockoutTracker(policy, clock);
    expect(lockout.recordFailure('amina')).toEqual({ locked: false, failuresInWindow: 1 });
    expect(lockout.recordFailure('AMINA ')).toEqual({ locked: false, failuresInWindow: 2 });
    const locked = lockout.recordFailure('Amina');
    expect(locked).toEqual({ locked: true, until: new Date(clock.now() + 15 * MINUTE).toISOString() });
    await clock.advance(15 * MINUTE - 1);
    expect(lockout.status('amina').locked).toBe(true);
    await clock.advance(1);
    expect(lockout.status('amina')).toEqual({ locked: false, failuresInWindow: 0 });
    // after the lock, a fresh count
    expect(lockout.recordFailure('amina')).toEqual({ locked: false, failuresInWindow: 1 });
  });

  it('forgets failures older than the window', async () => {
    const clock = new ManualClock();
    const lockout = new LockoutTracker(policy, clock);
    lockout.recordFailure('omar');
    lockout.recordFailure('omar');
    await clock.advance(10 * MINUTE + 1);
    expect(lockout.recordFailure('omar')).toEqual({ locked: false, failuresInWindow: 1 });
  });

  it('clears the count on success and keeps names apart', () => {
    const lockout = new LockoutTracker(policy, new ManualClock());
    lockout.recordFailure('a');
    lockout.recordFailure('a');
    lockout.recordFailure('b');
    lockout.recordSuccess('a');
    expect(lockout.status('a')).toEqual({ locked: false, failuresInWindow: 0 });
    expect(lockout.status('b')).toEqual({ locked: false, failuresInWindow: 1 });
  });

  it('survives a restart through a JSON snapshot, and ignores a corrupt one', () => {
    const clock = new ManualClock();
    const before = new LockoutTracker(policy, clock);
    for (let i = 0; i < 3; i++) before.recordFailure('amina');
    const after = new LockoutTracker(policy, clock);
    after.restore(JSON.parse(JSON.stringify(before.snapshot())));
    expect(after.status('amina').locked).toBe(true);
    const fresh = new LockoutTracker(policy, clock);
    fresh.restore({ amina: { failures: 'lots' }, omar: null });
    fresh.restore('garbage');
    expect(fresh.status('amina').locked).toBe(false);
  });

  it('refuses a nonsensical policy', () => {
    expect(() => new LockoutTracker({ maxFailures: 0, windowMs: 1, lockMs: 1 })).toThrow(expect.objectContaining({ code: 'AUTH_BAD_CONFIG' }));
  });
});
