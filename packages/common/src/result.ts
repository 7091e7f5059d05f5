import { type ErrorData, toErrorData } from './errors';

/** Errors cross boundaries as data (conventions §5): IPC, HTTP and worker messages use this shape. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorData };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err<T = never>(error: ErrorData): Result<T> {
  return { ok: false, error };
}

/** Runs `fn` and captures a throw as a failed Result, so callers across a boundary never see an exception. */
export async function capture<T>(fn: () => T | Promise<T>): Promise<Result<T>> {
  try {
    return ok(await fn());
  } catch (error) {
    return err(toErrorData(error));
  }
}
