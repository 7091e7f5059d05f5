import { type ReplicateOptions, type ReplicationResult, type Replicator, type SyncDirection } from '@borderpost/sync';
import { type PouchDatabase, type PouchReplicationHandle } from './pouch-types';
import { type ClockOffsetEstimator } from './clock-offset';
import { type ByteMeter } from './remote';

export interface PouchReplicatorOptions {
  /** The post's own database (pushed). */
  local: PouchDatabase;
  /** Central's `post-<postId>` database. */
  remotePost: PouchDatabase;
  /** The post's local copy of reference data (pulled into), and central's `reference` database. */
  localReference?: PouchDatabase;
  remoteReference?: PouchDatabase;
  meter: ByteMeter;
  /** The estimator the remotes feed (`remoteDatabase(…, { clockOffset })`); reported with each result. */
  clockOffset?: ClockOffsetEstimator;
  /**
   * Batches fetched ahead while the current one is written. PouchDB's default is 10; on a slow link a
   * prefetch of a few batches is what keeps the link busy without holding many batches in memory.
   */
  batchesLimit?: number;
}

/** Turns an error PouchDB reports into one `classifyFailure` understands (it keeps `status` and `name`). */
function asError(reason: unknown): unknown {
  if (reason instanceof Error) return reason;
  if (typeof reason === 'object' && reason !== null) {
    const r = reason as { message?: unknown; reason?: unknown; status?: unknown; name?: unknown; code?: unknown };
    const error = new Error(String(r.message ?? r.reason ?? 'replication failed'));
    return Object.assign(error, { status: r.status, name: typeof r.name === 'string' ? r.name : 'Error', code: r.code });
  }
  return new Error(String(reason));
}

/**
 * The sync `Replicator` over PouchDB replication: one-shot runs, bounded batches, cancelled by the run's
 * signal, progress and bytes reported as it goes. `pending` after a push is the number of local changes
 * past the replicated sequence (written while the run was under way).
 */
export class PouchReplicator implements Replicator {
  constructor(private readonly options: PouchReplicatorOptions) {}

  async replicate(direction: SyncDirection, { batchSize, signal, onProgress }: ReplicateOptions): Promise<ReplicationResult> {
    const { local, remotePost, localReference, remoteReference, meter } = this.options;
    if (direction === 'pull' && (!localReference || !remoteReference)) return { docsRead: 0, docsWritten: 0, bytes: 0, pending: 0 };
    if (signal.aborted) throw signal.reason;
    const bytesBefore = meter.total;
    this.options.clockOffset?.reset();
    const options = { batch_size: batchSize, batches_limit: this.options.batchesLimit ?? 2, retry: false, live: false };
    const handle: PouchReplicationHandle = direction === 'push' ? local.replicate.to(remotePost, options) : localReference!.replicate.from(remoteReference!, options);
    const cancel = () => handle.cancel();
    signal.addEventListener('abort', cancel, { once: true });
    let latest = { docsRead: 0, docsWritten: 0 };
    handle.on('change', (info) => {
      latest = { docsRead: info.docs_read, docsWritten: info.docs_written };
      onProgress?.({ ...latest, bytes: meter.total - bytesBefore });
    });
    let info;
    try {
      info = await handle;
    } catch (error) {
      // A failed run still moved bytes (and maybe whole batches): report them before failing.
      onProgress?.({ ...latest, bytes: meter.total - bytesBefore });
      if (signal.aborted) throw signal.reason;
      throw asError(error);
    } finally {
      signal.removeEventListener('abort', cancel);
    }
    if (signal.aborted) throw signal.reason;
    if (!info.ok || info.doc_write_failures > 0) {
      throw asError(info.errors[0] ?? { message: `replication finished with ${info.doc_write_failures} documents not written`, status: 500 });
    }
    let pending = 0;
    if (direction === 'push' && info.last_seq !== undefined) {
      const after = await local.changes({ since: info.last_seq, return_docs: true });
      pending = after.results.length;
    }
    const offset = this.options.clockOffset?.estimate() ?? null;
    return { docsRead: info.docs_read, docsWritten: info.docs_written, bytes: meter.total - bytesBefore, pending, serverClockOffsetMs: offset ? offset.offsetMs : null };
  }
}
