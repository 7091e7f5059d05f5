/** @jest-environment jsdom */
import type { ContractBridge } from '@borderpost/contract';
import { chooseTransport } from './choose-transport';

afterEach(() => {
  delete window.borderpost;
  window.history.replaceState(null, '', '/');
});

describe('chooseTransport', () => {
  it('uses the Electron preload bridge when there is one', async () => {
    const calls: Array<[string, unknown]> = [];
    window.borderpost = {
      invoke: (async (name: string, args: unknown) => {
        calls.push([name, args]);
        return { ok: true, value: null };
      }) as unknown as ContractBridge['invoke'],
      subscribe: (() => () => undefined) as unknown as ContractBridge['subscribe'],
    };
    const chosen = chooseTransport();
    expect(chosen.kind).toBe('electron');
    expect(chosen.fake).toBeNull();
    expect(await chosen.transport.invoke('session.current', {})).toEqual({ ok: true, value: null });
    expect(calls).toEqual([['session.current', {}]]);
  });

  it('uses browser mode with the secret from the fragment, and takes the secret out of the address bar', () => {
    // jsdom has no fetch; the transport only needs one to exist until it is used.
    Object.assign(globalThis, { fetch: jest.fn(() => new Promise(() => undefined)) });
    window.history.replaceState(null, '', '/index.html?lang=fr#secret=0123456789abcdef0123');
    const chosen = chooseTransport();
    expect(chosen.kind).toBe('http');
    expect(window.location.hash).toBe('');
    expect(window.location.search).toBe('?lang=fr');
  });

  it('ignores a secret too short to be real and falls back to the FakeRuntime', () => {
    window.history.replaceState(null, '', '/#secret=short');
    const chosen = chooseTransport();
    expect(chosen.kind).toBe('fake');
    expect(chosen.fake).not.toBeNull();
    chosen.fake?.dispose();
  });
});
