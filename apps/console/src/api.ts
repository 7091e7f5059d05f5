/**
 * The console's client for /api/console: same-origin fetch with the HttpOnly session cookie; every
 * write carries the CSRF token the sign-in returned. Errors arrive as `{ok: false, error: {code, message}}`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Row issues of a refused list import (MATCH_LIST_BAD_ROWS), each with its stable code. */
    readonly issues: { row: number | string; severity: string; code: string; message: string }[] = [],
  ) {
    super(message);
  }
}

let csrfToken = '';
let sessionEnded: (() => void) | null = null;

/** Called when the server says the session is gone (expired, signed out elsewhere): the app shows the sign-in form. */
export function onSessionEnded(handler: (() => void) | null): void {
  sessionEnded = handler;
}

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  // A link that is down, or a proxy answering HTML, gets a stable code too (CONSOLE_NETWORK, CONSOLE_BAD_RESPONSE).
  const response = await fetch(`/api/console${path}`, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }).catch((error: unknown) => {
    throw new ApiError(0, 'CONSOLE_NETWORK', `the server cannot be reached (${String(error)})`);
  });
  const text = await response.text();
  let data: T;
  try {
    data = text ? (JSON.parse(text) as T & { ok?: false; error?: { code: string; message: string } }) : ({} as T);
  } catch {
    throw new ApiError(response.status, 'CONSOLE_BAD_RESPONSE', `the server answered ${response.status} ${response.statusText} without JSON`);
  }
  if (!response.ok) {
    // The sign-in itself and the probe before it answer 401 by design.
    if (response.status === 401 && path !== '/session') sessionEnded?.();
    const { error, issues } = data as { error?: { code: string; message: string }; issues?: ApiError['issues'] };
    throw new ApiError(response.status, error?.code ?? 'HTTP_ERROR', error?.message ?? response.statusText, issues ?? []);
  }
  return data;
}

export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
