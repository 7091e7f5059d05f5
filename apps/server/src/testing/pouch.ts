import zlib from 'node:zlib';

/**
 * PouchDB as the real client: pouchdb-core + the HTTP adapter + replication, with the in-memory
 * adapter standing in for the post's SQLite store (the docstore issue builds that one).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- PouchDB 9 packages are CommonJS without types */
export const PouchDB = require('pouchdb-core')
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-replication'));
/* eslint-enable @typescript-eslint/no-require-imports */

export interface PouchDoc {
  _id: string;
  _rev?: string;
  [key: string]: unknown;
}

export interface ReplicationResult {
  ok: boolean;
  docs_read: number;
  docs_written: number;
  doc_write_failures: number;
  errors: unknown[];
  status: string;
}

export interface Pouch {
  name: string;
  put(doc: PouchDoc): Promise<{ ok: boolean; id: string; rev: string }>;
  bulkDocs(docs: PouchDoc[], options?: { new_edits?: boolean }): Promise<{ ok?: boolean; id: string; rev?: string; error?: string }[]>;
  get(id: string, options?: Record<string, unknown>): Promise<PouchDoc>;
  getAttachment(id: string, name: string, options?: Record<string, unknown>): Promise<Buffer>;
  allDocs(options?: Record<string, unknown>): Promise<{ total_rows: number; rows: { id: string; value: { rev: string } }[] }>;
  info(): Promise<{ doc_count: number; update_seq: number | string }>;
  replicate: {
    to(target: Pouch, options?: Record<string, unknown>): ReplicationHandle;
    from(source: Pouch, options?: Record<string, unknown>): ReplicationHandle;
  };
  destroy(): Promise<void>;
  close(): Promise<void>;
}

export interface ReplicationHandle extends Promise<ReplicationResult> {
  on(event: string, listener: (...args: unknown[]) => void): ReplicationHandle;
  cancel(): void;
}

let counter = 0;

/** A fresh in-memory local database (what a post's store would be). */
export function localPouch(prefix = 'post'): Pouch {
  counter += 1;
  return new PouchDB(`${prefix}-${process.pid}-${counter}-${Date.now()}`, { adapter: 'memory' }) as Pouch;
}

export interface RemoteOptions {
  token?: string;
  /** Gzip request bodies (as a post on a slow link does). */
  gzipRequests?: boolean;
  /** Called with each request (method and URL), to count what PouchDB sends. */
  onRequest?: (method: string, url: string) => void;
}

/** A remote database on our server, with a bearer token on every request. */
export function remotePouch(url: string, options: RemoteOptions = {}): Pouch {
  return new PouchDB(url, {
    skip_setup: true,
    fetch: (requestUrl: string, init: { method?: string; headers: { set(name: string, value: string): void }; body?: unknown }) => {
      options.onRequest?.(init.method ?? 'GET', requestUrl);
      if (options.token) init.headers.set('Authorization', `Bearer ${options.token}`);
      if (options.gzipRequests && typeof init.body === 'string' && init.body.length > 0) {
        init.body = zlib.gzipSync(init.body);
        init.headers.set('Content-Encoding', 'gzip');
      }
      return PouchDB.fetch(requestUrl, init);
    },
  }) as Pouch;
}
