import { type ReplicateOptions, type ReplicationResult, type Replicator, type SyncDirection } from './replicator';

export interface PendingReplication {
  direction: SyncDirection;
  options: ReplicateOptions;
  succeed(result?: Partial<ReplicationResult>): void;
  fail(error: unknown): void;
}

/**
 * A replicator whose calls stay pending until the test settles them, so tests can act in the middle of a
 * run (the races that matter). It records concurrency so "never two runs at once" can be checked, and it
 * rejects promptly when the run's signal aborts, as the real one must. Exported for other packages' tests.
 */
export class FakeReplicator implements Replicator {
  readonly calls: Array<{ direction: SyncDirection; batchSize: number }> = [];
  private readonly queue: PendingReplication[] = [];
  active = 0;
  maxActive = 0;

  replicate(direction: SyncDirection, options: ReplicateOptions): Promise<ReplicationResult> {
    this.calls.push({ direction, batchSize: options.batchSize });
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    return new Promise<ReplicationResult>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        this.active -= 1;
        const index = this.queue.indexOf(entry);
        if (index >= 0) this.queue.splice(index, 1);
        fn();
      };
      const entry: PendingReplication = {
        direction,
        options,
        succeed: (result = {}) => settle(() => resolve({ docsRead: 0, docsWritten: 0, bytes: 0, pending: 0, ...result })),
        fail: (error) => settle(() => reject(error)),
      };
      options.signal.addEventListener('abort', () => entry.fail(options.signal.reason), { once: true });
      this.queue.push(entry);
    });
  }

  /** The oldest replication still waiting to be settled, if any. */
  current(): PendingReplication | undefined {
    return this.queue[0];
  }

  pendingCount(): number {
    return this.queue.length;
  }
}

/** An error shaped like PouchDB's HTTP errors (`status`, `name`). */
export function httpError(status: number, name = 'http_error'): Error {
  return Object.assign(new Error(`${name} (${status})`), { status, name });
}

/** An error shaped like a Node socket failure (`code`). */
export function socketError(code = 'ECONNREFUSED'): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1`), { code });
}
