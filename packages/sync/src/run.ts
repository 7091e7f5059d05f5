import { type ReplicationProgress, type ReplicationResult, type Replicator, type SyncDirection } from './replicator';

export interface RunOptions {
  directions: readonly SyncDirection[];
  batchSize: number;
  signal: AbortSignal;
  onProgress?: (direction: SyncDirection, soFar: ReplicationProgress) => void;
}

export type RunOutcome =
  | { ok: true; moved: ReplicationProgress; results: Partial<Record<SyncDirection, ReplicationResult>> }
  | { ok: false; moved: ReplicationProgress; error: unknown };

/**
 * One sync run: each direction in order (push first — the post's own records are what must not be lost,
 * so they go out while the link lasts — then the reference data). Stops at the first failure and reports
 * what moved before it, so bytes on a link that later dropped still count.
 */
export async function runOnce(replicator: Replicator, options: RunOptions): Promise<RunOutcome> {
  const moved: ReplicationProgress = { docsRead: 0, docsWritten: 0, bytes: 0 };
  const results: Partial<Record<SyncDirection, ReplicationResult>> = {};
  for (const direction of options.directions) {
    const before = { ...moved };
    let latest: ReplicationProgress = { docsRead: 0, docsWritten: 0, bytes: 0 };
    try {
      if (options.signal.aborted) throw options.signal.reason ?? new Error('aborted');
      const result = await replicator.replicate(direction, {
        batchSize: options.batchSize,
        signal: options.signal,
        onProgress: (progress) => {
          latest = progress;
          options.onProgress?.(direction, add(before, progress));
        },
      });
      results[direction] = result;
      Object.assign(moved, add(before, result));
    } catch (error) {
      return { ok: false, moved: add(before, latest), error };
    }
  }
  return { ok: true, moved, results };
}

function add(a: ReplicationProgress, b: ReplicationProgress): ReplicationProgress {
  return { docsRead: a.docsRead + b.docsRead, docsWritten: a.docsWritten + b.docsWritten, bytes: a.bytes + b.bytes };
}
