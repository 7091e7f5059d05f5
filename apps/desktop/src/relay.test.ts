import { ok } from '@borderpost/common';
import { EventHub, createClient, createDispatcher } from '@borderpost/contract';
import { type MainToRuntime, type RuntimeToMain } from './protocol';
import { RuntimeRelay } from './relay';
import { type PortLike, serveRuntime } from './runtime-host';
import { placeholderHandlers } from '@borderpost/runtime-core';

/**
 * Main ⇄ runtime over an in-memory channel that structured-clones every message (as Electron's
 * MessagePort does) and delivers it asynchronously.
 */
function wire(handlers = placeholderHandlers('electron'), relayOptions: { timeoutMs?: number } = {}) {
  const toRuntime: Array<(message: { data: unknown }) => void> = [];
  const forwarded: Array<{ name: string; payload: unknown }> = [];
  let shutdown = 0;
  const relay = new RuntimeRelay({
    post: (message: MainToRuntime) => {
      const copy = structuredClone(message);
      setImmediate(() => toRuntime.forEach((listener) => listener({ data: copy })));
    },
    onEvent: (name, payload) => forwarded.push({ name, payload }),
    ...relayOptions,
  });
  const port: PortLike = {
    on: (_event, listener) => toRuntime.push(listener),
    postMessage: (message: RuntimeToMain) => {
      const copy = structuredClone(message);
      setImmediate(() => relay.handleRuntimeMessage(copy));
    },
  };
  const events = new EventHub();
  relay.runtimeStarted();
  serveRuntime(port, createDispatcher(handlers), events, () => shutdown++);
  // The renderer's view: the typed client over the relay (as the preload bridge will carry it).
  const client = createClient({ invoke: (name, args) => relay.invoke(name, args), subscribe: () => () => undefined });
  return { relay, events, forwarded, client, shutdowns: () => shutdown, sendToRuntime: (m: unknown) => toRuntime.forEach((l) => l({ data: m })) };
}

describe('IPC relay main ⇄ runtime', () => {
  it('answers app.info from the placeholder runtime and RUNTIME_NOT_READY for the rest', async () => {
    const { client } = wire();
    await expect(client['app.info']({})).resolves.toEqual({
      ok: true,
      value: { version: '0.1.0', mode: 'electron', training: false, enrolled: false, postId: null, stationId: null, runtimeReady: false },
    });
    await expect(client['session.current']({})).resolves.toEqual({ ok: true, value: null });
    for (const call of [client['sync.state']({}), client['capture.start']({ direction: 'entry' }), client['devices.list']({})]) {
      await expect(call).resolves.toMatchObject({ ok: false, error: { code: 'RUNTIME_NOT_READY' } });
    }
  });

  it('keeps concurrent calls apart by id', async () => {
    const { client } = wire({
      'shift.start': async ({ laneId }) => {
        await new Promise((r) => setTimeout(r, laneId === 'slow' ? 20 : 0));
        return ok({ shiftId: `s-${laneId}`, postId: 'p', laneId, officerId: 'o', startedAt: '2026-01-01T00:00:00.000Z' });
      },
    });
    const [slow, fast] = await Promise.all([client['shift.start']({ postId: 'p', laneId: 'slow' }), client['shift.start']({ postId: 'p', laneId: 'fast' })]);
    expect(slow).toMatchObject({ ok: true, value: { shiftId: 's-slow' } });
    expect(fast).toMatchObject({ ok: true, value: { shiftId: 's-fast' } });
  });

  it('refuses calls outside the contract before they reach the runtime', async () => {
    const { relay } = wire();
    await expect(relay.invoke('child_process.exec', { cmd: 'rm -rf /' })).resolves.toMatchObject({ ok: false, error: { code: 'CONTRACT_UNKNOWN_CALL' } });
    expect(relay.inFlight()).toBe(0);
  });

  it('forwards runtime events named in the contract, and only those', async () => {
    const { events, forwarded, sendToRuntime, relay } = wire();
    events.emit('session.idleWarning', { signOutAt: '2026-01-01T08:10:00.000Z', remainingMs: 60_000 });
    await new Promise((r) => setImmediate(r));
    expect(forwarded).toEqual([{ name: 'session.idleWarning', payload: { signOutAt: '2026-01-01T08:10:00.000Z', remainingMs: 60_000 } }]);
    expect(relay.handleRuntimeMessage({ type: 'event', name: 'shell.exec', payload: {} })).toBe(false);
    expect(relay.handleRuntimeMessage({ type: 'bogus' })).toBe(false);
    sendToRuntime({ type: 'nonsense' }); // the runtime ignores malformed messages too
    expect(forwarded).toHaveLength(1);
  });

  it('fails calls in flight when the runtime exits, and answers at once while it is down', async () => {
    const never = new Promise<never>(() => undefined);
    const { relay, client } = wire({ 'capture.commit': () => never });
    const pending = client['capture.commit']({ captureId: 'c1' });
    await new Promise((r) => setImmediate(r));
    expect(relay.inFlight()).toBe(1);
    relay.runtimeExited(9);
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'RUNTIME_EXITED' } });
    await expect(client['app.info']({})).resolves.toMatchObject({ ok: false, error: { code: 'RUNTIME_NOT_READY' } });
  });

  it('times out a call the runtime never answers', async () => {
    const never = new Promise<never>(() => undefined);
    const { relay, client } = wire({ 'sync.now': () => never }, { timeoutMs: 30 });
    await expect(client['sync.now']({})).resolves.toMatchObject({ ok: false, error: { code: 'RUNTIME_TIMEOUT' } });
    expect(relay.inFlight()).toBe(0);
  });

  it('answers arguments that cannot cross the boundary with an error, not a crash', async () => {
    const { relay } = wire();
    await expect(relay.invoke('app.info', { callback: () => 1 })).resolves.toMatchObject({ ok: false, error: { code: 'CONTRACT_BAD_ARGS' } });
  });

  it('passes the connectivity signal to the runtime, and ignores a malformed one', async () => {
    const seen: boolean[] = [];
    const toRuntime: Array<(message: { data: unknown }) => void> = [];
    serveRuntime({ on: (_e, listener) => toRuntime.push(listener), postMessage: () => undefined }, createDispatcher({}), new EventHub(), () => undefined, (online) => seen.push(online));
    for (const data of [{ type: 'connectivity', online: false }, { type: 'connectivity', online: 'yes' }, { type: 'connectivity', online: true }]) toRuntime.forEach((l) => l({ data }));
    expect(seen).toEqual([false, true]);
  });

  it('passes the shutdown request to the runtime', async () => {
    const { sendToRuntime, shutdowns } = wire();
    sendToRuntime({ type: 'shutdown' });
    expect(shutdowns()).toBe(1);
  });
});
