/**
 * The replication algorithm is injected: a later session plugs in PouchDB replication (push of the post's
 * database, pull of reference data). The orchestration here only needs this narrow shape.
 */
export type SyncDirection = 'push' | 'pull';

export interface ReplicationProgress {
  docsRead: number;
  docsWritten: number;
  bytes: number;
}

export interface ReplicateOptions {
  /** Documents per batch; bounded so one request fits a slow link (conventions §9). */
  batchSize: number;
  /** Aborted when the scheduler stops or the run times out; the replicator must reject promptly. */
  signal: AbortSignal;
  /** Optional progress reports while the run is under way (cumulative for this direction). */
  onProgress?: (progress: ReplicationProgress) => void;
}

export interface ReplicationResult extends ReplicationProgress {
  /**
   * Changes still waiting at the source when the run finished (for push: the post's documents not yet at
   * central, including ones written while the run was under way).
   */
  pending: number;
  /**
   * Central's clock minus this station's, in ms, as measured during the run (null or absent when not
   * measured). Remote posts' clocks are often wrong: documents record this offset so central can correct
   * and flag skew.
   */
  serverClockOffsetMs?: number | null;
}

export interface Replicator {
  replicate(direction: SyncDirection, options: ReplicateOptions): Promise<ReplicationResult>;
}
