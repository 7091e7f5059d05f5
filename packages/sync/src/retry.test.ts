import fc from 'fast-check';
import { backoffDelay, classifyFailure } from './retry';
import { httpError, socketError } from './fake-replicator';

describe('backoffDelay', () => {
  const policy = { baseMs: 1000, maxMs: 60_000 };

  it('doubles the ceiling per failure, never below half of it, and caps at max', () => {
    expect(backoffDelay(0, () => 0, policy)).toBe(500);
    expect(backoffDelay(0, () => 0.999999, policy)).toBe(1000);
    expect(backoffDelay(3, () => 0, policy)).toBe(4000);
    expect(backoffDelay(20, () => 0.999999, policy)).toBe(60_000);
    expect(backoffDelay(1000, () => 0.5, policy)).toBe(45_000);
  });

  it('stays within [ceiling/2, ceiling] for any attempt and random value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const delay = backoffDelay(attempt, () => r, policy);
        const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
        return delay >= ceiling / 2 && delay <= ceiling;
      }),
    );
  });
});

describe('classifyFailure', () => {
  it('treats 401 and 403 (token expired or revoked) as auth failures', () => {
    expect(classifyFailure(httpError(401, 'unauthorized'))).toMatchObject({ kind: 'auth', code: 'SYNC_AUTH_REJECTED', status: 401 });
    expect(classifyFailure(httpError(403, 'forbidden'))).toMatchObject({ kind: 'auth', status: 403 });
    expect(classifyFailure(Object.assign(new Error('revoked'), { code: 'SYNC_TOKEN_REVOKED' })).kind).toBe('auth');
  });

  it('treats socket, DNS and timeout failures as network (offline)', () => {
    expect(classifyFailure(socketError('ECONNREFUSED'))).toMatchObject({ kind: 'network', code: 'ECONNREFUSED' });
    expect(classifyFailure(socketError('ECONNRESET')).kind).toBe('network');
    expect(classifyFailure(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } }))).toMatchObject({
      kind: 'network',
      code: 'ENOTFOUND',
    });
  });

  it('treats other HTTP statuses and unknown throws as retryable server errors', () => {
    expect(classifyFailure(httpError(500))).toMatchObject({ kind: 'server', code: 'SYNC_SERVER_ERROR', status: 500 });
    expect(classifyFailure(httpError(503))).toMatchObject({ kind: 'server', status: 503 });
    expect(classifyFailure('weird')).toMatchObject({ kind: 'server', code: 'SYNC_FAILED', message: 'weird' });
  });

  it('recognises our own abort', () => {
    const abort = new DOMException('stopped', 'AbortError');
    expect(classifyFailure(abort).kind).toBe('aborted');
  });
});
