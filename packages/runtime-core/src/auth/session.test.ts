import { createDispatcher } from '@borderpost/contract';
import { ManualClock } from '@borderpost/sync';
import { LockoutTracker } from './lockout';
import { hashPassword } from './password';
import { type UserRecord } from './posts';
import { OfficerSessions, type SessionAuditEntry } from './session';

const MINUTE = 60_000;
let users: Record<string, UserRecord>;

beforeAll(async () => {
  const fast = { N: 2 ** 10, r: 8, p: 1 };
  users = {
    amina: { userId: 'amina', name: 'Amina Kane', roles: ['officer'], posts: ['north-gate'], passwordHash: await hashPassword('pw-amina', fast) },
    tech: { userId: 'tech', name: 'Tomas Tech', roles: ['technician'], posts: ['north-gate'], passwordHash: await hashPassword('pw-tech', fast) },
  };
});

function setup() {
  const clock = new ManualClock();
  const events: Array<[string, unknown]> = [];
  const audit: SessionAuditEntry[] = [];
  const sessions = new OfficerSessions({
    findUser: async (name) => users[name] ?? null,
    hasReferenceData: async () => true,
    stationPostId: 'north-gate',
    lockout: new LockoutTracker(undefined, clock),
    clock,
    idle: { timeoutMs: 10 * MINUTE, warningMs: MINUTE },
    emit: (event, payload) => events.push([event, payload]),
    audit: (entry) => audit.push(entry),
    postName: (id) => (id === 'north-gate' ? 'North Gate' : id),
  });
  return { clock, events, audit, sessions };
}

describe('OfficerSessions', () => {
  it('signs in, warns before idle sign-out, then signs out and says why', async () => {
    const { clock, events, audit, sessions } = setup();
    const result = await sessions.signIn({ username: 'amina', password: 'pw-amina', locale: 'ar' });
    expect(result).toMatchObject({
      ok: true,
      value: { officerId: 'amina', displayName: 'Amina Kane', roles: ['officer'], posts: [{ postId: 'north-gate', name: 'North Gate' }], locale: 'ar', offline: true },
    });
    await clock.advance(9 * MINUTE);
    expect(events).toEqual([['session.idleWarning', { signOutAt: new Date(clock.now() + MINUTE).toISOString(), remainingMs: MINUTE }]]);
    await clock.advance(MINUTE);
    expect(events[1]).toEqual(['session.ended', { reason: 'idle' }]);
    expect(sessions.current()).toBeNull();
    expect(audit.map((a) => `${a.action} ${a.actorId} ${a.outcome}`)).toEqual(['session.sign-in amina ok', 'session.sign-out amina ok']);
  });

  it('keeps the session while the officer is active', async () => {
    const { clock, events, sessions } = setup();
    await sessions.signIn({ username: 'amina', password: 'pw-amina' });
    for (let i = 0; i < 6; i++) {
      await clock.advance(8 * MINUTE);
      expect(sessions.touch()).toEqual({ ok: true, value: null });
    }
    expect(events).toEqual([]);
    expect(sessions.current()?.officerId).toBe('amina');
  });

  it('audits refused sign-ins with their code', async () => {
    const { audit, sessions } = setup();
    await expect(sessions.signIn({ username: 'amina', password: 'nope' })).resolves.toMatchObject({ ok: false, error: { code: 'AUTH_BAD_CREDENTIALS' } });
    expect(audit).toEqual([{ action: 'session.sign-in', actorId: 'amina', outcome: 'denied', details: { code: 'AUTH_BAD_CREDENTIALS' } }]);
  });

  it('feeds the contract dispatcher the roles of whoever is signed in', async () => {
    const { sessions, events } = setup();
    const dispatch = createDispatcher({ 'devices.list': async () => ({ ok: true, value: [] }) }, { currentRoles: () => sessions.roles() });
    await expect(dispatch('devices.list', {})).resolves.toMatchObject({ error: { code: 'SESSION_REQUIRED' } });
    await sessions.signIn({ username: 'amina', password: 'pw-amina' });
    await expect(dispatch('devices.list', {})).resolves.toMatchObject({ error: { code: 'SESSION_FORBIDDEN' } });
    await sessions.signIn({ username: 'tech', password: 'pw-tech' }); // ends amina's session first
    expect(events).toEqual([['session.ended', { reason: 'signed-out' }]]);
    await expect(dispatch('devices.list', {})).resolves.toEqual({ ok: true, value: [] });
    expect(sessions.signOut()).toEqual({ ok: true, value: null });
    expect(sessions.signOut()).toMatchObject({ ok: false, error: { code: 'SESSION_REQUIRED' } });
    expect(sessions.touch()).toMatchObject({ ok: false, error: { code: 'SESSION_REQUIRED' } });
  });
});
