/**
 * Domain errors carry a stable, machine-readable `code` (SCREAMING_SNAKE, prefixed by the area:
 * `MRZ_…`, `DEVICE_…`, `SYNC_…`). Codes are part of the public contract: the UI translates them,
 * scripts match on them, logs are searched by them. Never rename a code; add a new one.
 */
export class BorderpostError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BorderpostError';
    this.code = code;
    this.details = details;
  }
}

export interface ErrorData {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** Turns anything thrown into error data that can cross a process or network boundary. */
export function toErrorData(error: unknown, fallbackCode = 'INTERNAL_ERROR'): ErrorData {
  if (error instanceof BorderpostError) {
    return error.details === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, details: error.details };
  }
  if (error instanceof Error) {
    const systemCode: unknown = (error as Error & { code?: unknown }).code;
    return { code: typeof systemCode === 'string' ? systemCode : fallbackCode, message: error.message };
  }
  return { code: fallbackCode, message: String(error) };
}
