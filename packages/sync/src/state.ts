import { type SyncDirection } from './replicator';

/** What started a run; shown in logs and in the "syncing" state. */
export type SyncTrigger = 'start' | 'timer' | 'retry' | 'online' | 'sync-now' | 'follow-up' | 're-enrolled';

/**
 * The one status the UI shows (CHT lesson: "last sync HH:MM" plus a plain-words state, sync-state.md §8).
 * Plain JSON so it crosses IPC and HTTP unchanged.
 */
export type SyncStatus =
  /** The scheduler is not running (before `start()` or after `stop()`). */
  | { kind: 'stopped' }
  /** Everything written at this post up to the last run's start is at central, and nothing since. */
  | { kind: 'up-to-date' }
  /** `pending` documents written at this post are not yet known to be at central. */
  | { kind: 'waiting'; pending: number }
  /** No link since `since` (from the connectivity signal or network failures). */
  | { kind: 'offline'; since: string; lastError: { code: string; message: string } | null }
  /**
   * Central answered with an error. `retrying: false` means sync is stopped until someone acts:
   * `needsReEnrolment` when the station token expired or was revoked.
   */
  | { kind: 'error'; code: string; message: string; retrying: boolean; needsReEnrolment: boolean }
  /** A run is under way; counts are for this run so far. */
  | { kind: 'syncing'; trigger: SyncTrigger; direction: SyncDirection; docsRead: number; docsWritten: number; bytes: number };

/** How long since the last successful sync, against configured limits: the post warns, then warns louder. */
export type Staleness = 'ok' | 'warn' | 'alarm';

export interface RunSummary {
  trigger: SyncTrigger;
  startedAt: string;
  finishedAt: string;
  outcome: 'success' | 'failure' | 'aborted';
  docsRead: number;
  docsWritten: number;
  bytes: number;
}

export interface SyncTotals {
  runs: number;
  failures: number;
  docsRead: number;
  docsWritten: number;
  bytes: number;
}

export interface SyncState {
  status: SyncStatus;
  /** The connectivity signal as last reported (not proof of a working link). */
  online: boolean;
  /** Documents written here and not yet known to be at central (counted even while syncing). */
  pending: number;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  /** When the next timer or retry run is due; null when none is scheduled (offline, stopped, blocked). */
  nextRunAt: string | null;
  staleness: Staleness;
  lastRun: RunSummary | null;
  /** Since the scheduler started: what moved over the wire and how many runs it took. */
  totals: SyncTotals;
  /** Central's clock minus ours (ms), last measured during a successful run; null until measured. */
  serverClockOffsetMs: number | null;
}

export interface StalenessLimits {
  warnAfterMs: number;
  alarmAfterMs: number;
}

export const defaultStalenessLimits: StalenessLimits = { warnAfterMs: 24 * 3600_000, alarmAfterMs: 72 * 3600_000 };

export function stalenessOf(lastSuccessMs: number, nowMs: number, limits: StalenessLimits): Staleness {
  const age = nowMs - lastSuccessMs;
  if (age >= limits.alarmAfterMs) return 'alarm';
  if (age >= limits.warnAfterMs) return 'warn';
  return 'ok';
}
