import { EventHub, createClient, createDispatcher, loopbackTransport } from '@borderpost/contract';
import { FakeReplicator, ManualClock, SyncScheduler, type SyncState, flushMicrotasks } from '@borderpost/sync';
import { LockoutTracker } from '../auth/lockout';
import { hashPassword } from '../auth/password';
import { OfficerSessions } from '../auth/session';
import { placeholderHandlers } from '../placeholder';
import { sessionService } from './session-service';
import { syncService } from './sync-service';

/** The services composed the way the runtime will: one dispatcher, access checked with the session's roles. */
async function compose() {
  const clock = new ManualClock();
  const events = new EventHub();
  const replicator = new FakeReplicator();
  const scheduler = new SyncScheduler({ replicator, clock, random: () => 0.5 });
  const passwordHash = await hashPassword('pw-amina', { N: 1024, r: 8, p: 1 });
  const sessions = new OfficerSessions({
    findUser: async (name) => (name === 'amina' ? { userId: 'amina', name: 'Amina', roles: ['officer'], posts: ['p1'], passwordHash } : null),
    hasReferenceData: async () => true,
    stationPostId: 'p1',
    lockout: new LockoutTracker(undefined, clock),
    clock,
    idle: { timeoutMs: 600_000, warningMs: 60_000 },
    emit: (event, payload) => events.emit(event, payload),
    audit: () => undefined,
  });
  const sync = syncService(scheduler, events);
  const dispatch = createDispatcher({ ...placeholderHandlers('browser'), ...sessionService(sessions), ...sync.handlers }, { currentRoles: () => sessions.roles() });
  const client = createClient(loopbackTransport(dispatch, events));
  return { clock, events, replicator, scheduler, sessions, client, sync };
}

describe('runtime services over the contract', () => {
  it('signs in and out through the contract, and gates calls on the session', async () => {
    const { client } = await compose();
    await expect(client['sync.now']({})).resolves.toMatchObject({ ok: false, error: { code: 'SESSION_REQUIRED' } });
    await expect(client['session.signIn']({ username: 'amina', password: 'pw-amina' })).resolves.toMatchObject({ ok: true, value: { officerId: 'amina' } });
    await expect(client['session.current']({})).resolves.toMatchObject({ ok: true, value: { officerId: 'amina' } });
    await expect(client['session.touch']({})).resolves.toEqual({ ok: true, value: null });
    await expect(client['session.signOut']({})).resolves.toEqual({ ok: true, value: null });
    await expect(client['session.current']({})).resolves.toEqual({ ok: true, value: null });
  });

  it('answers sync.state and sync.now from the scheduler and pushes every state change as an event', async () => {
    const { client, replicator, scheduler, sync } = await compose();
    const seen: SyncState['status']['kind'][] = [];
    client.on('sync.state', (state) => seen.push(state.status.kind));
    await client['session.signIn']({ username: 'amina', password: 'pw-amina' });
    scheduler.start();
    await flushMicrotasks();
    const now = client['sync.now']({}); // queued after the start run
    replicator.current()!.succeed({});
    await flushMicrotasks();
    replicator.current()!.succeed({});
    await flushMicrotasks();
    replicator.current()!.succeed({});
    await flushMicrotasks();
    replicator.current()!.succeed({});
    await expect(now).resolves.toMatchObject({ ok: true, value: { status: { kind: 'up-to-date' } } });
    await expect(client['sync.state']({})).resolves.toMatchObject({ ok: true, value: { status: { kind: 'up-to-date' }, totals: { runs: 2 } } });
    expect(seen[0]).toBe('syncing');
    expect(seen.at(-1)).toBe('up-to-date');
    sync.detach();
    await scheduler.stop();
  });
});
