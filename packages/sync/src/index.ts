export { type Clock, systemClock, ManualClock, flushMicrotasks } from './clock';
export {
  type Replicator,
  type ReplicateOptions,
  type ReplicationProgress,
  type ReplicationResult,
  type SyncDirection,
} from './replicator';
export { type BackoffPolicy, defaultBackoff, backoffDelay, classifyFailure, type ClassifiedFailure, type FailureKind } from './retry';
export { runOnce, type RunOptions, type RunOutcome } from './run';
export {
  type SyncState,
  type SyncStatus,
  type SyncTrigger,
  type SyncTotals,
  type RunSummary,
  type Staleness,
  type StalenessLimits,
  defaultStalenessLimits,
  stalenessOf,
} from './state';
export { SyncScheduler, type SyncSchedulerOptions, type SyncStateListener } from './scheduler';
export { FakeReplicator, type PendingReplication, httpError, socketError } from './fake-replicator';
