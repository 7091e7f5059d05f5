/**
 * The slice of PouchDB 9 this package uses. PouchDB ships no type definitions (and `@types/pouchdb` is
 * for v7 and drags in DOM types), so the few shapes are declared here.
 */
export interface PouchReplicationInfo {
  ok: boolean;
  docs_read: number;
  docs_written: number;
  doc_write_failures: number;
  errors: unknown[];
  last_seq?: number | string;
  status?: string;
}

export interface PouchReplicationHandle extends Promise<PouchReplicationInfo> {
  on(event: 'change', listener: (info: PouchReplicationInfo) => void): PouchReplicationHandle;
  on(event: string, listener: (...args: unknown[]) => void): PouchReplicationHandle;
  cancel(): void;
}

export interface PouchReplicateOptions {
  batch_size?: number;
  batches_limit?: number;
  retry?: boolean;
  live?: boolean;
}

export interface PouchDatabase {
  name: string;
  replicate: {
    to(target: PouchDatabase, options?: PouchReplicateOptions): PouchReplicationHandle;
    from(source: PouchDatabase, options?: PouchReplicateOptions): PouchReplicationHandle;
  };
  changes(options: { since?: number | string; limit?: number; return_docs?: boolean }): Promise<{ results: unknown[]; last_seq: number | string }>;
  info(): Promise<{ doc_count: number; update_seq: number | string }>;
  close(): Promise<void>;
  destroy(): Promise<void>;
}

/** `PouchDB` itself (the constructor with plugins applied). */
export interface PouchConstructor {
  new (name: string, options?: Record<string, unknown>): PouchDatabase;
  fetch(url: string, init: unknown): Promise<Response>;
}
