import fc from 'fast-check';
import { ManualClock, flushMicrotasks } from './clock';
import { FakeReplicator, httpError, socketError } from './fake-replicator';
import { SyncScheduler } from './scheduler';

const MINUTE = 60_000;
const INTERVAL = 5 * MINUTE;
const MAX_BACKOFF = 4 * MINUTE;

type Outcome = 'success' | 'network' | 'server' | 'auth';
type Command =
  | { type: 'tick'; ms: number }
  | { type: 'syncNow' }
  | { type: 'online' }
  | { type: 'offline' }
  | { type: 'localChange'; count: number }
  | { type: 'settle'; outcome: Outcome; pending: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 10 * MINUTE }) }) },
  { weight: 2, arbitrary: fc.constant({ type: 'syncNow' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'online' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'offline' as const }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('localChange' as const), count: fc.integer({ min: 1, max: 3 }) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('settle' as const),
      outcome: fc.constantFrom<Outcome>('success', 'success', 'success', 'network', 'server', 'auth'),
      pending: fc.constantFrom(0, 0, 0, 2),
    }),
  },
);

function errorFor(outcome: Outcome): Error {
  if (outcome === 'network') return socketError('ECONNRESET');
  if (outcome === 'auth') return httpError(401, 'unauthorized');
  return httpError(500, 'internal_server_error');
}

describe('SyncScheduler on random histories', () => {
  it('never overlaps runs, stops on auth failure, never claims "up to date" too early, and syncs once the link is back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { maxLength: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), async (commands, jitter) => {
        const clock = new ManualClock();
        const replicator = new FakeReplicator();
        const scheduler = new SyncScheduler({
          replicator,
          clock,
          random: () => jitter,
          intervalMs: INTERVAL,
          batchSize: 100,
          backoff: { baseMs: 10_000, maxMs: MAX_BACKOFF },
          runTimeoutMs: 60 * MINUTE,
        });
        // What the test knows independently of the scheduler.
        let localChanges = 0;
        let changesAtRunStart = 0;
        let coveredChanges = 0;
        let pushLeftPending = 0;
        let authRejected = false;
        let callsAtAuthRejection = 0;
        const originalReplicate = replicator.replicate.bind(replicator);
        replicator.replicate = (direction, options) => {
          if (direction === 'push') changesAtRunStart = localChanges;
          return originalReplicate(direction, options);
        };

        const check = () => {
          const state = scheduler.getState();
          expect(replicator.maxActive).toBeLessThanOrEqual(1);
          expect(state.status.kind === 'syncing').toBe(replicator.active === 1);
          if (state.status.kind === 'up-to-date') expect(localChanges).toBeLessThanOrEqual(coveredChanges);
          if (authRejected) {
            expect(replicator.calls.length).toBe(callsAtAuthRejection);
            expect(state.status).toMatchObject({ kind: 'error', needsReEnrolment: true });
          }
        };

        // Checked on every state the UI would see, not only between commands.
        const violations: string[] = [];
        scheduler.subscribe((state) => {
          if (state.status.kind === 'up-to-date' && localChanges > coveredChanges) violations.push(`up to date with ${localChanges - coveredChanges} unsynced`);
        });

        scheduler.start();
        await flushMicrotasks();
        for (const cmd of commands) {
          switch (cmd.type) {
            case 'tick':
              await clock.advance(cmd.ms);
              break;
            case 'syncNow':
              void scheduler.syncNow();
              break;
            case 'online':
              scheduler.setOnline(true);
              break;
            case 'offline':
              scheduler.setOnline(false);
              break;
            case 'localChange':
              localChanges += cmd.count;
              scheduler.notifyLocalChange(cmd.count);
              break;
            case 'settle': {
              const call = replicator.current();
              if (!call) break;
              if (cmd.outcome === 'success') {
                const isLastDirection = call.direction === 'pull';
                const runStart = changesAtRunStart;
                if (call.direction === 'push') pushLeftPending = cmd.pending;
                call.succeed({ pending: call.direction === 'push' ? cmd.pending : 0 });
                if (isLastDirection && pushLeftPending === 0) coveredChanges = Math.max(coveredChanges, runStart);
              } else {
                if (cmd.outcome === 'auth') {
                  authRejected = true;
                  callsAtAuthRejection = replicator.calls.length;
                }
                call.fail(errorFor(cmd.outcome));
              }
              break;
            }
          }
          await flushMicrotasks();
          check();
        }

        // Eventually: the link comes back and the server behaves. Within a bounded number of rounds the
        // post is up to date (or, after a rejected token, still stopped until re-enrolment, then up to date).
        scheduler.setOnline(true);
        await flushMicrotasks();
        const settleAll = async () => {
          for (let round = 0; round < 50 && scheduler.getState().status.kind !== 'up-to-date'; round++) {
            const call = replicator.current();
            if (call) {
              const isLastDirection = call.direction === 'pull';
              const runStart = changesAtRunStart;
              call.succeed({ pending: 0 });
              if (isLastDirection) coveredChanges = Math.max(coveredChanges, runStart);
              await flushMicrotasks();
            } else {
              await clock.advance(INTERVAL + MAX_BACKOFF);
            }
            check();
          }
        };
        await settleAll();
        if (authRejected) {
          expect(scheduler.getState().status).toMatchObject({ kind: 'error', needsReEnrolment: true });
          authRejected = false;
          void scheduler.reEnrolled();
          await flushMicrotasks();
          await settleAll();
        }
        expect(violations).toEqual([]);
        const finalState = scheduler.getState();
        expect(finalState.status).toEqual({ kind: 'up-to-date' });
        expect(finalState.pending).toBe(0);
        expect(coveredChanges).toBe(localChanges);
        await scheduler.stop();
        expect(clock.pendingTimers()).toBe(0);
      }),
      { numRuns: 250 },
    );
  });
});
