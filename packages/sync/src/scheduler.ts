import { BorderpostError } from '@borderpost/common';
import { type Clock, systemClock } from './clock';
import { type Replicator, type SyncDirection } from './replicator';
import { type BackoffPolicy, backoffDelay, classifyFailure, defaultBackoff } from './retry';
import { runOnce } from './run';
import {
  defaultStalenessLimits,
  type RunSummary,
  type StalenessLimits,
  stalenessOf,
  type SyncState,
  type SyncStatus,
  type SyncTotals,
  type SyncTrigger,
} from './state';

export interface SyncSchedulerOptions {
  replicator: Replicator;
  clock?: Clock;
  /** [0, 1) source for backoff jitter; injected so tests are deterministic. */
  random?: () => number;
  /** One-shot run every so often while online (CHT settled on 5 minutes, sync-protocol.md §8). */
  intervalMs?: number;
  /** Documents per replication batch. Large batches amortise round trips on high-latency links (§10). */
  batchSize?: number;
  backoff?: BackoffPolicy;
  /** A run still going after this long is aborted and counted as a network failure. 0 disables. */
  runTimeoutMs?: number;
  directions?: readonly SyncDirection[];
  /** The connectivity signal at start. */
  online?: boolean;
  /** Documents waiting to be pushed when the scheduler is created (counted by the store at start-up). */
  initialPending?: number;
  /** Last successful sync from a previous launch (ISO time), so staleness survives restarts. */
  lastSuccessAt?: string | null;
  /** Clock offset to central last measured in a previous launch. */
  serverClockOffsetMs?: number | null;
  staleness?: StalenessLimits;
}

export type SyncStateListener = (state: SyncState) => void;

const MAX_BATCH_SIZE = 10_000;

function positiveInteger(name: string, value: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new BorderpostError('SYNC_BAD_CONFIG', `${name} must be an integer between 1 and ${max}, got ${value}`, { [name]: value });
  }
  return value;
}

/**
 * Orchestrates sync for one post (conventions §9): decides WHEN to run (timer, connectivity returning,
 * "Sync now", retries) and keeps the state the UI shows. How a run moves documents is `runOnce` over the
 * injected replicator; how long to wait after a failure is `retry.ts`.
 *
 * Invariants (property-tested): a run never overlaps another; a request during a run queues exactly one
 * follow-up run; a rejected token stops sync until `reEnrolled()`; after the link returns a run follows;
 * "up to date" is never shown while a document written since the last successful push's start is waiting.
 */
export class SyncScheduler {
  private readonly replicator: Replicator;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly intervalMs: number;
  private readonly batchSize: number;
  private readonly backoff: BackoffPolicy;
  private readonly runTimeoutMs: number;
  private readonly directions: readonly SyncDirection[];
  private readonly stalenessLimits: StalenessLimits;
  private readonly createdAt: number;

  private started = false;
  private stopped = false;
  private online: boolean;
  private status: SyncStatus = { kind: 'stopped' };
  private pending: number;
  private lastSuccessAt: string | null;
  private lastAttemptAt: string | null = null;
  private nextRunAt: string | null = null;
  private lastRun: RunSummary | null = null;
  private totals: SyncTotals = { runs: 0, failures: 0, docsRead: 0, docsWritten: 0, bytes: 0 };
  private serverClockOffsetMs: number | null;

  private running: Promise<void> | null = null;
  private controller: AbortController | null = null;
  private followUpRequested = false;
  /** Callers waiting for the run under way, and for the queued follow-up. */
  private currentWaiters: Array<(state: SyncState) => void> = [];
  private followUpWaiters: Array<(state: SyncState) => void> = [];
  private timer: unknown = null;
  private consecutiveFailures = 0;
  private lastOutcomeFailed = false;
  private authBlocked = false;
  private offlineSince: string | null = null;
  /** Bumped on every local write; compared across a run to catch writes made while it ran (CHT #6299). */
  private localChangeSeq = 0;
  private readonly listeners = new Set<SyncStateListener>();

  constructor(options: SyncSchedulerOptions) {
    this.replicator = options.replicator;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.intervalMs = positiveInteger('intervalMs', options.intervalMs ?? 5 * 60_000);
    this.batchSize = positiveInteger('batchSize', options.batchSize ?? 500, MAX_BATCH_SIZE);
    this.backoff = options.backoff ?? defaultBackoff;
    positiveInteger('backoff.baseMs', this.backoff.baseMs);
    positiveInteger('backoff.maxMs', this.backoff.maxMs);
    this.runTimeoutMs = options.runTimeoutMs ?? 30 * 60_000;
    this.directions = options.directions ?? ['push', 'pull'];
    this.online = options.online ?? true;
    this.pending = Math.max(0, options.initialPending ?? 0);
    this.lastSuccessAt = options.lastSuccessAt ?? null;
    this.serverClockOffsetMs = options.serverClockOffsetMs ?? null;
    this.stalenessLimits = options.staleness ?? defaultStalenessLimits;
    this.createdAt = this.clock.now();
  }

  /** Begins scheduling with an immediate run (or waits for the link when offline). */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    if (this.online) {
      void this.request('start');
    } else {
      this.offlineSince = this.iso();
      this.setStatus({ kind: 'offline', since: this.offlineSince, lastError: null });
    }
  }

  /** Stops timers and aborts a run under way; resolves once the run has wound down. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimer();
    this.controller?.abort(new BorderpostError('SYNC_ABORTED', 'sync stopped'));
    await this.running;
    this.setStatus({ kind: 'stopped' });
    this.resolveWaiters(this.followUpWaiters);
  }

  /** "Sync now": runs at once, or once more after the run under way. Resolves with the state after that run. */
  syncNow(): Promise<SyncState> {
    return this.request('sync-now');
  }

  /** The connectivity signal changed. Coming back online starts a run. */
  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    if (this.stopped || !this.started) return this.emit();
    if (online) {
      if (!this.authBlocked) void this.request('online');
      else this.emit();
      return;
    }
    this.offlineSince ??= this.iso();
    if (!this.running && !this.authBlocked) {
      // No timer while the signal says offline: the "online" event will start the next run.
      this.clearTimer();
      this.setStatus({ kind: 'offline', since: this.offlineSince, lastError: null });
    } else {
      this.emit();
    }
  }

  /** The post wrote `count` documents that must reach central. */
  notifyLocalChange(count = 1): void {
    if (!Number.isInteger(count) || count < 1) return;
    this.localChangeSeq += count;
    this.pending += count;
    if (this.status.kind === 'up-to-date' || this.status.kind === 'waiting') {
      this.setStatus({ kind: 'waiting', pending: this.pending });
    } else {
      this.emit();
    }
  }

  /** The station was enrolled again (new token): lift the stop caused by a rejected token and sync. */
  reEnrolled(): Promise<SyncState> {
    if (!this.authBlocked) return this.request('re-enrolled');
    this.authBlocked = false;
    this.consecutiveFailures = 0;
    return this.request('re-enrolled');
  }

  getState(): SyncState {
    const lastSuccessMs = this.lastSuccessAt ? Date.parse(this.lastSuccessAt) : this.createdAt;
    return {
      status: this.status,
      online: this.online,
      pending: this.pending,
      lastSuccessAt: this.lastSuccessAt,
      lastAttemptAt: this.lastAttemptAt,
      nextRunAt: this.nextRunAt,
      staleness: stalenessOf(lastSuccessMs, this.clock.now(), this.stalenessLimits),
      lastRun: this.lastRun,
      totals: { ...this.totals },
      serverClockOffsetMs: this.serverClockOffsetMs,
    };
  }

  /** Called with every new state; returns an unsubscribe function. */
  subscribe(listener: SyncStateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private request(trigger: SyncTrigger): Promise<SyncState> {
    if (!this.started || this.stopped || this.authBlocked) return Promise.resolve(this.getState());
    if (this.running) {
      // Never two runs at once: remember that one more run is wanted (however many ask) and answer after it.
      this.followUpRequested = true;
      return new Promise((resolve) => this.followUpWaiters.push(resolve));
    }
    const done = new Promise<SyncState>((resolve) => this.currentWaiters.push(resolve));
    this.running = this.runChain(trigger);
    return done;
  }

  private async runChain(firstTrigger: SyncTrigger): Promise<void> {
    this.clearTimer();
    let trigger = firstTrigger;
    for (;;) {
      await this.runOne(trigger);
      this.resolveWaiters(this.currentWaiters);
      if (this.stopped || this.authBlocked || !this.followUpRequested) break;
      this.followUpRequested = false;
      this.currentWaiters = this.followUpWaiters;
      this.followUpWaiters = [];
      trigger = 'follow-up';
    }
    this.followUpRequested = false;
    this.running = null;
    this.resolveWaiters(this.followUpWaiters);
    this.scheduleNext();
  }

  private async runOne(trigger: SyncTrigger): Promise<void> {
    const startedAt = this.iso();
    const seqAtStart = this.localChangeSeq;
    const controller = new AbortController();
    this.controller = controller;
    let timedOut = false;
    const timeout =
      this.runTimeoutMs > 0
        ? this.clock.setTimeout(() => {
            timedOut = true;
            controller.abort(new BorderpostError('SYNC_TIMEOUT', `sync run exceeded ${this.runTimeoutMs} ms`));
          }, this.runTimeoutMs)
        : null;
    this.lastAttemptAt = startedAt;
    this.nextRunAt = null;
    this.setStatus({ kind: 'syncing', trigger, direction: this.directions[0] ?? 'push', docsRead: 0, docsWritten: 0, bytes: 0 });

    const outcome = await runOnce(this.replicator, {
      directions: this.directions,
      batchSize: this.batchSize,
      signal: controller.signal,
      onProgress: (direction, soFar) => {
        if (this.status.kind === 'syncing') this.setStatus({ ...this.status, direction, ...soFar });
      },
    });
    if (timeout !== null) this.clock.clearTimeout(timeout);
    this.controller = null;

    this.totals.runs += 1;
    this.totals.docsRead += outcome.moved.docsRead;
    this.totals.docsWritten += outcome.moved.docsWritten;
    this.totals.bytes += outcome.moved.bytes;
    const summary = (result: RunSummary['outcome']): RunSummary => ({ trigger, startedAt, finishedAt: this.iso(), outcome: result, ...outcome.moved });

    if (outcome.ok) {
      this.lastRun = summary('success');
      this.consecutiveFailures = 0;
      this.lastOutcomeFailed = false;
      this.offlineSince = null;
      this.lastSuccessAt = this.lastRun.finishedAt;
      for (const result of [outcome.results.pull, outcome.results.push]) {
        if (typeof result?.serverClockOffsetMs === 'number') this.serverClockOffsetMs = result.serverClockOffsetMs;
      }
      const changedDuringRun = this.localChangeSeq - seqAtStart;
      const push = outcome.results.push;
      if (push) {
        // Writes made while the run was under way may or may not have been in the pushed batch; count them
        // as waiting and run again, so "up to date" is only ever shown after a run that began after them.
        this.pending = push.pending + changedDuringRun;
        if (changedDuringRun > 0) this.followUpRequested = true;
      }
      if (outcome.results.pull && outcome.results.pull.pending > 0 && outcome.moved.docsRead > 0) this.followUpRequested = true;
      this.setStatus(this.pending > 0 ? { kind: 'waiting', pending: this.pending } : { kind: 'up-to-date' });
      return;
    }

    const failure = timedOut ? { ...classifyFailure(outcome.error), kind: 'network' as const, code: 'SYNC_TIMEOUT' } : classifyFailure(outcome.error);
    if (this.stopped) {
      this.lastRun = summary('aborted');
      this.setStatus({ kind: 'stopped' });
      return;
    }
    // An abort we did not ask for (the replicator gave up on its own) is treated like a lost link.
    if (failure.kind === 'aborted') Object.assign(failure, { kind: 'network', code: 'SYNC_ABORTED' });
    this.lastRun = summary('failure');
    this.totals.failures += 1;
    this.consecutiveFailures += 1;
    this.lastOutcomeFailed = true;
    if (failure.kind === 'auth') {
      this.authBlocked = true;
      this.followUpRequested = false;
      this.setStatus({
        kind: 'error',
        code: failure.code,
        message: `central refused the station's credentials (${failure.status ?? 'auth'}): ${failure.message}; enrol the station again`,
        retrying: false,
        needsReEnrolment: true,
      });
    } else if (failure.kind === 'network') {
      this.offlineSince ??= startedAt;
      this.setStatus({ kind: 'offline', since: this.offlineSince, lastError: { code: failure.code, message: failure.message } });
    } else {
      this.setStatus({ kind: 'error', code: failure.code, message: failure.message, retrying: true, needsReEnrolment: false });
    }
  }

  private scheduleNext(): void {
    this.clearTimer();
    if (this.stopped || this.authBlocked || this.running) return this.emit();
    if (!this.online) {
      this.offlineSince ??= this.iso();
      if (this.status.kind !== 'offline') this.setStatus({ kind: 'offline', since: this.offlineSince, lastError: null });
      return;
    }
    const retry = this.lastOutcomeFailed;
    const delay = retry ? backoffDelay(this.consecutiveFailures - 1, this.random, this.backoff) : this.intervalMs;
    this.nextRunAt = new Date(this.clock.now() + delay).toISOString();
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.request(retry ? 'retry' : 'timer');
    }, delay);
    this.emit();
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.nextRunAt = null;
  }

  private resolveWaiters(waiters: Array<(state: SyncState) => void>): void {
    const state = this.getState();
    for (const resolve of waiters.splice(0)) resolve(state);
  }

  private setStatus(status: SyncStatus): void {
    this.status = status;
    this.emit();
  }

  private emit(): void {
    const state = this.getState();
    for (const listener of this.listeners) {
      try {
        listener(state);
      } catch {
        // A broken listener (a closed window) must not stop sync.
      }
    }
  }

  private iso(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
