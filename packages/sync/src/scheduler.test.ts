import { ManualClock, flushMicrotasks } from './clock';
import { FakeReplicator, httpError, socketError } from './fake-replicator';
import { SyncScheduler, type SyncSchedulerOptions } from './scheduler';
import { type SyncState } from './state';

const MINUTE = 60_000;

function setup(options: Partial<SyncSchedulerOptions> = {}) {
  const clock = new ManualClock();
  const replicator = new FakeReplicator();
  const scheduler = new SyncScheduler({
    replicator,
    clock,
    random: () => 0.5,
    intervalMs: 5 * MINUTE,
    batchSize: 250,
    backoff: { baseMs: 10_000, maxMs: 4 * MINUTE },
    runTimeoutMs: 20 * MINUTE,
    ...options,
  });
  const states: SyncState[] = [];
  scheduler.subscribe((state) => states.push(state));
  /** Settles the replication under way (push or pull) and lets the scheduler react. */
  async function succeed(result: { docsRead?: number; docsWritten?: number; bytes?: number; pending?: number } = {}) {
    const call = replicator.current();
    if (!call) throw new Error('no replication in progress');
    call.succeed(result);
    await flushMicrotasks();
  }
  async function fail(error: unknown) {
    const call = replicator.current();
    if (!call) throw new Error('no replication in progress');
    call.fail(error);
    await flushMicrotasks();
  }
  /** Completes a whole run (push then pull). */
  async function completeRun(push: { pending?: number; docsWritten?: number; bytes?: number } = {}, pull: { docsRead?: number; bytes?: number } = {}) {
    await succeed(push);
    await succeed(pull);
  }
  return { clock, replicator, scheduler, states, succeed, fail, completeRun };
}

describe('SyncScheduler', () => {
  it('is stopped until started, then runs at once: push first, then pull, with the configured batch size', async () => {
    const { scheduler, replicator, clock, completeRun } = setup();
    expect(scheduler.getState().status).toEqual({ kind: 'stopped' });
    scheduler.start();
    await flushMicrotasks();
    expect(scheduler.getState().status).toMatchObject({ kind: 'syncing', trigger: 'start', direction: 'push' });
    expect(replicator.calls).toEqual([{ direction: 'push', batchSize: 250 }]);
    await completeRun({ docsWritten: 3, bytes: 1000 }, { docsRead: 2, bytes: 500 });
    expect(replicator.calls.map((c) => c.direction)).toEqual(['push', 'pull']);
    const state = scheduler.getState();
    expect(state.status).toEqual({ kind: 'up-to-date' });
    expect(state.lastSuccessAt).toBe(new Date(clock.now()).toISOString());
    expect(state.totals).toEqual({ runs: 1, failures: 0, docsRead: 2, docsWritten: 3, bytes: 1500 });
    expect(state.lastRun).toMatchObject({ trigger: 'start', outcome: 'success', docsRead: 2, docsWritten: 3, bytes: 1500 });
    expect(state.nextRunAt).toBe(new Date(clock.now() + 5 * MINUTE).toISOString());
    await scheduler.stop();
  });

  it('runs again on the timer, and not before', async () => {
    const { scheduler, replicator, clock, completeRun } = setup();
    scheduler.start();
    await completeRun();
    await clock.advance(5 * MINUTE - 1);
    expect(replicator.calls).toHaveLength(2);
    await clock.advance(1);
    expect(replicator.calls).toHaveLength(3);
    expect(scheduler.getState().status).toMatchObject({ kind: 'syncing', trigger: 'timer' });
    await completeRun();
    await scheduler.stop();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('reports progress while syncing', async () => {
    const { scheduler, replicator, completeRun } = setup();
    scheduler.start();
    await flushMicrotasks();
    replicator.current()!.options.onProgress!({ docsRead: 0, docsWritten: 40, bytes: 4096 });
    expect(scheduler.getState().status).toMatchObject({ kind: 'syncing', direction: 'push', docsWritten: 40, bytes: 4096 });
    await completeRun({ docsWritten: 50, bytes: 5000 });
    replicator.current();
    await scheduler.stop();
  });

  it('queues exactly one follow-up run however many "Sync now" requests arrive during a run', async () => {
    const { scheduler, replicator, completeRun } = setup();
    scheduler.start();
    await flushMicrotasks();
    const answers = [scheduler.syncNow(), scheduler.syncNow(), scheduler.syncNow()];
    let answered = 0;
    answers.forEach((p) => void p.then(() => answered++));
    await completeRun();
    // the follow-up has started; the callers are answered after IT, not after the run they interrupted
    expect(replicator.calls.map((c) => c.direction)).toEqual(['push', 'pull', 'push']);
    expect(answered).toBe(0);
    expect(scheduler.getState().status).toMatchObject({ kind: 'syncing', trigger: 'follow-up' });
    await completeRun();
    const states = await Promise.all(answers);
    expect(states.every((s) => s.status.kind === 'up-to-date')).toBe(true);
    expect(replicator.calls).toHaveLength(4);
    expect(replicator.maxActive).toBe(1);
    await scheduler.stop();
  });

  it('never shows "up to date" after a document was written during the run (CHT #6299) and syncs it in a follow-up', async () => {
    const { scheduler, replicator, completeRun, states } = setup();
    scheduler.start();
    await completeRun();
    scheduler.notifyLocalChange();
    expect(scheduler.getState().status).toEqual({ kind: 'waiting', pending: 1 });
    const run = scheduler.syncNow();
    await flushMicrotasks();
    scheduler.notifyLocalChange(); // written while the push is under way
    states.length = 0;
    await completeRun({ pending: 0, docsWritten: 1 });
    // the run succeeded, but the second document may not have been in it: not "up to date"
    expect(states.some((s) => s.status.kind === 'up-to-date')).toBe(false);
    expect(states.some((s) => s.status.kind === 'waiting' && s.pending === 1)).toBe(true);
    expect(scheduler.getState().status).toMatchObject({ kind: 'syncing', trigger: 'follow-up' });
    await completeRun({ pending: 0, docsWritten: 1 });
    await run;
    expect(scheduler.getState().status).toEqual({ kind: 'up-to-date' });
    expect(replicator.calls).toHaveLength(6);
    await scheduler.stop();
  });

  it('shows "waiting" with the count the push left behind', async () => {
    const { scheduler, completeRun } = setup({ initialPending: 12 });
    scheduler.start();
    expect(scheduler.getState().pending).toBe(12);
    await completeRun({ pending: 4, docsWritten: 8 });
    expect(scheduler.getState().status).toEqual({ kind: 'waiting', pending: 4 });
    await scheduler.stop();
  });

  it('goes offline on a network failure, keeps "since" across retries with backoff and jitter, and recovers', async () => {
    const { scheduler, replicator, clock, fail, completeRun } = setup();
    const startedAt = new Date(clock.now()).toISOString();
    scheduler.start();
    await fail(socketError('ECONNREFUSED'));
    let state = scheduler.getState();
    expect(state.status).toEqual({ kind: 'offline', since: startedAt, lastError: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1' } });
    // first retry: ceiling 10 s, random 0.5 → 7.5 s
    expect(state.nextRunAt).toBe(new Date(clock.now() + 7_500).toISOString());
    await clock.advance(7_499);
    expect(replicator.calls).toHaveLength(1);
    await clock.advance(1);
    expect(replicator.calls).toHaveLength(2);
    await fail(socketError('ETIMEDOUT'));
    state = scheduler.getState();
    expect(state.status).toMatchObject({ kind: 'offline', since: startedAt });
    // second retry: ceiling 20 s → 15 s
    expect(state.nextRunAt).toBe(new Date(clock.now() + 15_000).toISOString());
    await clock.advance(15_000);
    await completeRun();
    state = scheduler.getState();
    expect(state.status).toEqual({ kind: 'up-to-date' });
    expect(state.totals.failures).toBe(2);
    expect(state.nextRunAt).toBe(new Date(clock.now() + 5 * MINUTE).toISOString());
    await scheduler.stop();
  });

  it('shows a server error with its cause and keeps retrying', async () => {
    const { scheduler, replicator, clock, succeed, fail } = setup();
    scheduler.start();
    await succeed();
    await fail(httpError(500, 'internal_server_error'));
    expect(scheduler.getState().status).toEqual({
      kind: 'error',
      code: 'SYNC_SERVER_ERROR',
      message: 'internal_server_error (500)',
      retrying: true,
      needsReEnrolment: false,
    });
    await clock.advance(10_000);
    expect(replicator.calls).toHaveLength(3);
    await scheduler.stop();
  });

  it('stops on a rejected token (401/403) until the station is enrolled again', async () => {
    const { scheduler, replicator, clock, fail, completeRun } = setup();
    scheduler.start();
    await fail(httpError(401, 'unauthorized'));
    const status = scheduler.getState().status;
    expect(status).toMatchObject({ kind: 'error', code: 'SYNC_AUTH_REJECTED', retrying: false, needsReEnrolment: true });
    expect(scheduler.getState().nextRunAt).toBeNull();
    await clock.advance(24 * 60 * MINUTE);
    scheduler.setOnline(false);
    scheduler.setOnline(true);
    await scheduler.syncNow();
    expect(replicator.calls).toHaveLength(1);
    expect(scheduler.getState().status).toEqual(status);
    const resumed = scheduler.reEnrolled();
    await flushMicrotasks();
    expect(scheduler.getState().status).toMatchObject({ kind: 'syncing', trigger: 're-enrolled' });
    await completeRun();
    expect((await resumed).status).toEqual({ kind: 'up-to-date' });
    await scheduler.stop();
  });

  it('waits for the link while the signal says offline, and syncs when it returns', async () => {
    const { scheduler, replicator, clock, completeRun } = setup();
    scheduler.start();
    await completeRun();
    await clock.advance(MINUTE);
    scheduler.setOnline(false);
    const since = new Date(clock.now()).toISOString();
    expect(scheduler.getState().status).toEqual({ kind: 'offline', since, lastError: null });
    expect(scheduler.getState().nextRunAt).toBeNull();
    await clock.advance(60 * MINUTE);
    expect(replicator.calls).toHaveLength(2);
    scheduler.setOnline(true);
    await flushMicrotasks();
    expect(scheduler.getState().status).toMatchObject({ kind: 'syncing', trigger: 'online' });
    await completeRun();
    expect(scheduler.getState().status).toEqual({ kind: 'up-to-date' });
    await scheduler.stop();
  });

  it('starting offline waits for the link', async () => {
    const { scheduler, replicator } = setup({ online: false });
    scheduler.start();
    await flushMicrotasks();
    expect(scheduler.getState().status).toMatchObject({ kind: 'offline' });
    expect(replicator.calls).toHaveLength(0);
    await scheduler.stop();
  });

  it('aborts a run that exceeds its time limit and counts it as a network failure', async () => {
    const { scheduler, replicator, clock } = setup({ runTimeoutMs: MINUTE });
    scheduler.start();
    await clock.advance(MINUTE);
    expect(replicator.pendingCount()).toBe(0);
    expect(scheduler.getState().status).toMatchObject({ kind: 'offline', lastError: { code: 'SYNC_TIMEOUT' } });
    await scheduler.stop();
  });

  it('stop aborts the run under way and leaves no timers', async () => {
    const { scheduler, replicator, clock } = setup();
    scheduler.start();
    await flushMicrotasks();
    const waiting = scheduler.syncNow();
    await scheduler.stop();
    expect(replicator.pendingCount()).toBe(0);
    expect(scheduler.getState().status).toEqual({ kind: 'stopped' });
    expect(scheduler.getState().lastRun?.outcome).toBe('aborted');
    expect((await waiting).status).toEqual({ kind: 'stopped' });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('warns, then alarms, when the last successful sync gets old', async () => {
    const { scheduler, clock, fail } = setup({ staleness: { warnAfterMs: 60 * MINUTE, alarmAfterMs: 180 * MINUTE } });
    scheduler.setOnline(false);
    scheduler.start();
    expect(scheduler.getState().staleness).toBe('ok');
    await clock.advance(60 * MINUTE);
    expect(scheduler.getState().staleness).toBe('warn');
    await clock.advance(120 * MINUTE);
    expect(scheduler.getState().staleness).toBe('alarm');
    scheduler.setOnline(true);
    await fail(socketError());
    expect(scheduler.getState().staleness).toBe('alarm');
    await scheduler.stop();
  });

  it('refuses nonsensical configuration with a stable code', () => {
    const replicator = new FakeReplicator();
    expect(() => new SyncScheduler({ replicator, batchSize: 0 })).toThrow(expect.objectContaining({ code: 'SYNC_BAD_CONFIG' }));
    expect(() => new SyncScheduler({ replicator, intervalMs: -5 })).toThrow(expect.objectContaining({ code: 'SYNC_BAD_CONFIG' }));
    expect(() => new SyncScheduler({ replicator, batchSize: 1e9 })).toThrow(expect.objectContaining({ code: 'SYNC_BAD_CONFIG' }));
  });

  it('keeps syncing when a state listener throws', async () => {
    const { scheduler, completeRun } = setup();
    scheduler.subscribe(() => {
      throw new Error('window closed');
    });
    scheduler.start();
    await completeRun();
    expect(scheduler.getState().status).toEqual({ kind: 'up-to-date' });
    await scheduler.stop();
  });
});

describe('SyncScheduler clock offset', () => {
  it('keeps the offset to central measured by the last successful run', async () => {
    const clock = new ManualClock();
    const replicator = new FakeReplicator();
    const scheduler = new SyncScheduler({ replicator, clock, random: () => 0.5, serverClockOffsetMs: 10 });
    expect(scheduler.getState().serverClockOffsetMs).toBe(10);
    scheduler.start();
    await flushMicrotasks();
    replicator.current()!.succeed({ serverClockOffsetMs: -7_200_000 });
    await flushMicrotasks();
    replicator.current()!.succeed({});
    await flushMicrotasks();
    expect(scheduler.getState().serverClockOffsetMs).toBe(-7_200_000);
    await scheduler.stop();
  });
});
