import { ClockOffsetEstimator } from './clock-offset';

describe('ClockOffsetEstimator', () => {
  it('estimates central minus station from Date headers, keeping the tightest sample', () => {
    const estimator = new ClockOffsetEstimator();
    expect(estimator.estimate()).toBeNull();
    // Our clock is 2 h behind: we send at 10:00:00.000 (ours) = 12:00:00.000 (central).
    const ours = Date.UTC(2026, 0, 1, 10, 0, 0);
    estimator.sample(ours, ours + 600, 'Thu, 01 Jan 2026 12:00:00 GMT'); // 600 ms round trip
    expect(estimator.estimate()).toEqual({ offsetMs: 7_200_000 + 500 - 300, uncertaintyMs: 800 });
    estimator.sample(ours + 5000, ours + 5100, 'Thu, 01 Jan 2026 12:00:05 GMT'); // a quicker answer wins
    expect(estimator.estimate()).toEqual({ offsetMs: 7_200_000 + 500 - 50, uncertaintyMs: 550 });
    estimator.sample(ours + 9000, ours + 12000, 'Thu, 01 Jan 2026 12:00:10 GMT'); // a slow one does not
    expect(estimator.estimate()?.uncertaintyMs).toBe(550);
    // the true offset lies within the stated uncertainty
    const { offsetMs, uncertaintyMs } = estimator.estimate()!;
    expect(Math.abs(offsetMs - 7_200_000)).toBeLessThanOrEqual(uncertaintyMs);
  });

  it('ignores missing or malformed headers, and starts afresh on reset', () => {
    const estimator = new ClockOffsetEstimator();
    estimator.sample(0, 10, null);
    estimator.sample(0, 10, 'yesterday-ish');
    estimator.sample(10, 0, 'Thu, 01 Jan 2026 12:00:00 GMT');
    expect(estimator.estimate()).toBeNull();
    estimator.sample(0, 10, 'Thu, 01 Jan 1970 00:00:00 GMT');
    expect(estimator.estimate()).not.toBeNull();
    estimator.reset();
    expect(estimator.estimate()).toBeNull();
  });
});
