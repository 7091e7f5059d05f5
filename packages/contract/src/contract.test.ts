import { BorderpostError, ok } from '@borderpost/common';
import { createClient } from './client';
import { EventHub, createDispatcher, loopbackTransport } from './dispatch';
import { eventNames, isEventName } from './events';
import { type Handlers, handlerAccess, handlerNames, isHandlerName } from './handlers';
import { type ContractBridge, type ContractTransport } from './transport';
import { type Role, type SessionInfo } from './types';

const session: SessionInfo = {
  officerId: 'u-1',
  username: 'amina',
  displayName: 'Amina K.',
  roles: ['officer'],
  posts: [{ postId: 'north-gate', name: 'North Gate' }],
  locale: 'fr',
  signedInAt: '2026-01-01T08:00:00.000Z',
  idleTimeoutMs: 600_000,
  offline: true,
};

/** Every value crosses as JSON, as it does over HTTP in browser mode: proves payloads are plain JSON. */
function jsonTransport(inner: ContractTransport): ContractTransport {
  return {
    invoke: async (name, args) => JSON.parse(JSON.stringify(await inner.invoke(name, JSON.parse(JSON.stringify(args))))) as unknown,
    subscribe: (event, listener) => inner.subscribe(event, (payload) => listener(JSON.parse(JSON.stringify(payload)))),
  };
}

function setup(handlers: Partial<Handlers>, roles: Role[] | null = null) {
  const events = new EventHub();
  let currentRoles = roles;
  const dispatch = createDispatcher(handlers, { currentRoles: () => currentRoles });
  const raw = loopbackTransport(dispatch, events);
  const client = createClient(jsonTransport(raw));
  return { client, events, raw, setRoles: (r: Role[] | null) => (currentRoles = r) };
}

describe('contract', () => {
  it('lists every call and event once, and recognises only those names', () => {
    expect(new Set(handlerNames).size).toBe(handlerNames.length);
    expect(handlerNames).toEqual(expect.arrayContaining(['session.signIn', 'capture.start', 'capture.commit', 'sync.now', 'sync.state', 'devices.list']));
    expect(eventNames).toEqual(expect.arrayContaining(['sync.state', 'device.mrz', 'device.finger', 'session.idleWarning']));
    expect(isHandlerName('capture.commit')).toBe(true);
    expect(isHandlerName('toString')).toBe(false);
    expect(isHandlerName('__proto__')).toBe(false);
    expect(isEventName('sync.state')).toBe(true);
    expect(isEventName('constructor')).toBe(false);
  });

  it('carries a typed call and its answer through the client, dispatcher and a JSON wire', async () => {
    const { client } = setup({
      'session.signIn': async ({ username, password }) =>
        username === 'amina' && password === 'correct horse' ? ok(session) : { ok: false, error: { code: 'AUTH_BAD_CREDENTIALS', message: 'no' } },
    });
    await expect(client['session.signIn']({ username: 'amina', password: 'correct horse' })).resolves.toEqual({ ok: true, value: session });
    await expect(client['session.signIn']({ username: 'amina', password: 'wrong' })).resolves.toEqual({
      ok: false,
      error: { code: 'AUTH_BAD_CREDENTIALS', message: 'no' },
    });
  });

  it('answers RUNTIME_NOT_READY for calls the runtime does not implement yet', async () => {
    const { client } = setup({});
    const answer = await client['sync.state']({});
    expect(answer).toMatchObject({ ok: false, error: { code: 'RUNTIME_NOT_READY' } });
  });

  it('turns throws into error data with their stable code', async () => {
    const { client } = setup(
      {
        'capture.commit': async () => {
          throw new BorderpostError('DOCSTORE_DISK_FULL', 'no space left', { freeBytes: 0 });
        },
      },
      ['officer'],
    );
    await expect(client['capture.commit']({ captureId: 'c1' })).resolves.toEqual({
      ok: false,
      error: { code: 'DOCSTORE_DISK_FULL', message: 'no space left', details: { freeBytes: 0 } },
    });
  });

  it('refuses unknown calls, bad arguments and answers that are not Results', async () => {
    const { raw } = setup({ 'app.info': (async () => 'not a result') as unknown as Handlers['app.info'] });
    await expect(raw.invoke('fs.readFile', {})).resolves.toMatchObject({ ok: false, error: { code: 'CONTRACT_UNKNOWN_CALL' } });
    await expect(raw.invoke('hasOwnProperty', {})).resolves.toMatchObject({ ok: false, error: { code: 'CONTRACT_UNKNOWN_CALL' } });
    await expect(raw.invoke('app.info', [1, 2])).resolves.toMatchObject({ ok: false, error: { code: 'CONTRACT_BAD_ARGS' } });
    await expect(raw.invoke('app.info', 'x')).resolves.toMatchObject({ ok: false, error: { code: 'CONTRACT_BAD_ARGS' } });
    await expect(raw.invoke('app.info', new (class Smuggled {})())).resolves.toMatchObject({ ok: false, error: { code: 'CONTRACT_BAD_ARGS' } });
    await expect(raw.invoke('app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'CONTRACT_BAD_RESPONSE' } });
  });

  it('enforces who may call what', async () => {
    const ran: string[] = [];
    const record = (name: string) => async () => {
      ran.push(name);
      return ok(null) as never;
    };
    const { client, setRoles } = setup({ 'capture.start': record('capture.start'), 'devices.list': record('devices.list'), 'app.info': record('app.info') });
    await expect(client['capture.start']({ direction: 'entry' })).resolves.toMatchObject({ error: { code: 'SESSION_REQUIRED' } });
    await expect(client['app.info']({})).resolves.toMatchObject({ ok: true });
    setRoles(['officer']);
    await expect(client['capture.start']({ direction: 'entry' })).resolves.toMatchObject({ ok: true });
    await expect(client['devices.list']({})).resolves.toMatchObject({ error: { code: 'SESSION_FORBIDDEN' } });
    setRoles(['officer', 'technician']);
    await expect(client['devices.list']({})).resolves.toMatchObject({ ok: true });
    setRoles(['admin']);
    await expect(client['devices.list']({})).resolves.toMatchObject({ ok: true });
    expect(ran).toEqual(['app.info', 'capture.start', 'devices.list', 'devices.list']);
    expect(handlerAccess['session.signIn']).toBe('public');
  });

  it('never throws to the caller when the transport fails or answers garbage', async () => {
    const broken = createClient({
      invoke: async () => {
        throw new Error('utility process exited');
      },
      subscribe: () => () => undefined,
    });
    await expect(broken['sync.now']({})).resolves.toEqual({ ok: false, error: { code: 'TRANSPORT_FAILED', message: 'sync.now: utility process exited' } });
    const garbage = createClient({ invoke: async () => ({ ok: false }), subscribe: () => () => undefined });
    await expect(garbage['sync.now']({})).resolves.toMatchObject({ ok: false, error: { code: 'CONTRACT_BAD_RESPONSE' } });
  });

  it('delivers events to listeners until they unsubscribe, isolating a throwing listener', async () => {
    const { client, events } = setup({});
    const received: string[][] = [];
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    client.on('device.mrz', () => {
      throw new Error('bad listener');
    });
    const stop = client.on('device.mrz', (payload) => received.push(payload.mrzLines));
    events.emit('device.mrz', { deviceId: 'reader-1', mrzLines: ['P<UTOERIKSSON<<ANNA<MARIA', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'], receivedAt: '2026-01-01T08:00:00.000Z' });
    stop();
    events.emit('device.mrz', { deviceId: 'reader-1', mrzLines: ['x'], receivedAt: '2026-01-01T08:00:01.000Z' });
    expect(received).toHaveLength(1);
    expect(errors).toHaveBeenCalledTimes(2);
    errors.mockRestore();
    expect(() => client.on('no.such' as never, () => undefined)).toThrow(TypeError);
  });
});

// Type-level checks: these lines must fail to compile (tsc -b runs over the tests).
export function typeChecks(client: ReturnType<typeof createClient>, bridge: ContractBridge): void {
  // @ts-expect-error captureId is required
  void client['capture.commit']({});
  // @ts-expect-error no such call
  void client['capture.teleport']({});
  // @ts-expect-error wrong payload type for the event
  client.on('sync.state', (state: { kind: number }) => state);
  // @ts-expect-error the bridge checks argument types per call too
  void bridge.invoke('shift.start', { postId: 1 });
}
