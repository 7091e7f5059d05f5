import { BorderpostError } from '@borderpost/common';

/**
 * A failure that maps to a CouchDB-style HTTP error: `status` and `error` are what PouchDB reads
 * (`{error, reason}`), `code` is our stable code.
 */
export class HttpError extends BorderpostError {
  readonly status: number;
  readonly couchError: string;

  constructor(status: number, couchError: string, code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.status = status;
    this.couchError = couchError;
  }
}

export const notFound = (message = 'missing', code = 'SERVER_NOT_FOUND') => new HttpError(404, 'not_found', code, message);
export const badRequest = (message: string, code = 'SERVER_BAD_REQUEST') => new HttpError(400, 'bad_request', code, message);
export const conflict = (message = 'Document update conflict.') => new HttpError(409, 'conflict', 'SERVER_CONFLICT', message);
export const forbidden = (message: string, code = 'SERVER_FORBIDDEN') => new HttpError(403, 'forbidden', code, message);
export const unauthorized = (message = 'Authorization: Bearer <token> required', code = 'SERVER_UNAUTHORIZED') => new HttpError(401, 'unauthorized', code, message);
export const tooLarge = (message: string, code = 'SERVER_BATCH_TOO_LARGE') => new HttpError(413, 'too_large', code, message);
