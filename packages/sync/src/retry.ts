/**
 * Retry policy: how long to wait after a failure, and which failures are worth retrying at all.
 * Kept apart from the scheduler so each can be read and tested on its own (conventions §9).
 */
export interface BackoffPolicy {
  /** First retry waits up to this long. */
  baseMs: number;
  /** No retry waits longer than this. */
  maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 5_000, maxMs: 5 * 60_000 };

/**
 * "Full jitter" exponential backoff: a uniform delay in [ceiling/2, ceiling] with ceiling = base·2^attempt
 * capped at max. Half the ceiling is kept as a floor so a post never retries in a tight loop, and the
 * random half spreads many posts that lost the same satellite link so they do not return all at once.
 * `attempt` counts consecutive failures starting at 0; `random` returns [0, 1).
 */
export function backoffDelay(attempt: number, random: () => number, policy: BackoffPolicy = defaultBackoff): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}

export type FailureKind = 'auth' | 'network' | 'server' | 'aborted';

export interface ClassifiedFailure {
  kind: FailureKind;
  code: string;
  message: string;
  status?: number;
}

/** Socket and DNS failures that mean "no link", not "the server said no". */
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'SYNC_TIMEOUT',
  'SYNC_OFFLINE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Codes by which an injected replicator may report a rejected station token. */
const authCodes = new Set(['SYNC_UNAUTHORIZED', 'SYNC_FORBIDDEN', 'SYNC_TOKEN_EXPIRED', 'SYNC_TOKEN_REVOKED', 'unauthorized', 'forbidden']);

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[name] : undefined;
}

/**
 * Sorts a replication failure into what the scheduler does next:
 * - `auth` (HTTP 401/403, token expired or revoked): stop, show it, wait for re-enrolment — retrying a
 *   revoked token forever only fills central's logs;
 * - `network`: the post is offline; retry with backoff;
 * - `server`: central answered with an error; retry with backoff and show the cause;
 * - `aborted`: we stopped the run ourselves.
 * PouchDB errors carry `status` and `name`; Node/undici errors carry `code`, sometimes on `cause`.
 */
export function classifyFailure(error: unknown): ClassifiedFailure {
  const message = error instanceof Error ? error.message : String(error);
  const status = typeof field(error, 'status') === 'number' ? (field(error, 'status') as number) : undefined;
  const ownCode = field(error, 'code');
  const causeCode = field(field(error, 'cause'), 'code');
  const code = typeof ownCode === 'string' ? ownCode : typeof causeCode === 'string' ? causeCode : undefined;
  const name = field(error, 'name');
  const withStatus = (failure: ClassifiedFailure): ClassifiedFailure => (status === undefined ? failure : { ...failure, status });

  if (name === 'AbortError' || code === 'ABORT_ERR' || code === 'SYNC_ABORTED') {
    return { kind: 'aborted', code: 'SYNC_ABORTED', message };
  }
  if (status === 401 || status === 403 || (code !== undefined && authCodes.has(code)) || name === 'unauthorized' || name === 'forbidden') {
    return withStatus({ kind: 'auth', code: 'SYNC_AUTH_REJECTED', message });
  }
  if ((code !== undefined && networkCodes.has(code)) || message === 'fetch failed' || status === 0) {
    return withStatus({ kind: 'network', code: code ?? 'SYNC_NETWORK', message });
  }
  if (status !== undefined) {
    return withStatus({ kind: 'server', code: code && /^[A-Z][A-Z0-9_]+$/.test(code) ? code : 'SYNC_SERVER_ERROR', message });
  }
  return { kind: 'server', code: code && /^[A-Z][A-Z0-9_]+$/.test(code) ? code : 'SYNC_FAILED', message };
}
