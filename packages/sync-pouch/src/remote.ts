import zlib from 'node:zlib';
import { type ClockOffsetEstimator } from './clock-offset';
import { type PouchConstructor, type PouchDatabase } from './pouch-types';

/**
 * Counts the HTTP payload bytes sync moves (request bodies as sent, response bodies as received after
 * decompression by fetch). "Bytes on the wire" with headers and TLS is what the fault proxy counts;
 * this is what the UI shows as "moved".
 */
export class ByteMeter {
  sent = 0;
  received = 0;

  get total(): number {
    return this.sent + this.received;
  }
}

export interface RemoteOptions {
  /** The station's bearer token (from enrolment). */
  token: () => string;
  meter: ByteMeter;
  /** Gzip request bodies over this size (slow links; the server accepts Content-Encoding: gzip). */
  gzipAbove?: number | null;
  /** Fed with each answer's `Date` header, to measure the station's clock against central's. */
  clockOffset?: ClockOffsetEstimator;
  /** Our clock (injectable for tests). */
  now?: () => number;
}

interface FetchInit {
  method?: string;
  headers: { set(name: string, value: string): void };
  body?: unknown;
  signal?: AbortSignal;
}

function sizeOf(body: unknown): number {
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  if (body instanceof ArrayBuffer) return body.byteLength;
  return 0;
}

/**
 * A PouchDB handle on a database of the central server, with the station token on every request, gzip
 * for large request bodies, and byte metering. The token is read per request, so re-enrolment takes
 * effect without rebuilding the replicator.
 */
export function remoteDatabase(PouchDB: PouchConstructor, url: string, options: RemoteOptions): PouchDatabase {
  const gzipAbove = options.gzipAbove === undefined ? 1024 : options.gzipAbove;
  return new PouchDB(url, {
    skip_setup: true,
    fetch: async (requestUrl: string, init: FetchInit) => {
      init.headers.set('Authorization', `Bearer ${options.token()}`);
      if (gzipAbove !== null && typeof init.body === 'string' && Buffer.byteLength(init.body) > gzipAbove) {
        init.body = zlib.gzipSync(init.body);
        init.headers.set('Content-Encoding', 'gzip');
      }
      options.meter.sent += sizeOf(init.body);
      const now = options.now ?? Date.now;
      const sentAt = now();
      const response = await PouchDB.fetch(requestUrl, init);
      options.clockOffset?.sample(sentAt, now(), response.headers.get('date'));
      // Read the body here to count it, then hand PouchDB an identical response.
      const body = await response.arrayBuffer();
      options.meter.received += body.byteLength;
      return new Response(response.status === 204 || response.status === 304 ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    },
  });
}
