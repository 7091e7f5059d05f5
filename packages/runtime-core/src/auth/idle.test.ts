import { ManualClock } from '@borderpost/sync';
import { IdleTimer } from './idle';

const MINUTE = 60_000;

function setup() {
  const clock = new ManualClock();
  const log: string[] = [];
  const timer = new IdleTimer({
    clock,
    timeoutMs: 10 * MINUTE,
    warningMs: MINUTE,
    onWarning: ({ remainingMs }) => log.push(`warn ${remainingMs}`),
    onTimeout: () => log.push('signed out'),
  });
  return { clock, log, timer };
}

describe('IdleTimer', () => {
  it('warns before signing out, then signs out', async () => {
    const { clock, log, timer } = setup();
    timer.start();
    await clock.advance(9 * MINUTE - 1);
    expect(log).toEqual([]);
    await clock.advance(1);
    expect(log).toEqual([`warn ${MINUTE}`]);
    await clock.advance(MINUTE);
    expect(log).toEqual([`warn ${MINUTE}`, 'signed out']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('activity, even after the warning, starts the count again', async () => {
    const { clock, log, timer } = setup();
    timer.start();
    await clock.advance(5 * MINUTE);
    timer.touch();
    await clock.advance(8 * MINUTE);
    expect(log).toEqual([]);
    await clock.advance(MINUTE + 30_000);
    expect(log).toEqual([`warn ${MINUTE}`]);
    timer.touch();
    await clock.advance(MINUTE);
    expect(log).toEqual([`warn ${MINUTE}`]);
    expect(timer.signOutAt()).toBe(new Date(clock.now() + 9 * MINUTE).toISOString());
    await clock.advance(9 * MINUTE);
    expect(log).toEqual([`warn ${MINUTE}`, `warn ${MINUTE}`, 'signed out']);
  });

  it('does nothing once stopped (signed out by hand)', async () => {
    const { clock, log, timer } = setup();
    timer.start();
    timer.stop();
    timer.touch();
    await clock.advance(60 * MINUTE);
    expect(log).toEqual([]);
    expect(timer.signOutAt()).toBeNull();
  });

  it('refuses a warning longer than the timeout', () => {
    expect(() => new IdleTimer({ timeoutMs: 60_000, warningMs: 60_000, onWarning: () => undefined, onTimeout: () => undefined })).toThrow(
      expect.objectContaining({ code: 'AUTH_BAD_CONFIG' }),
    );
  });
});
