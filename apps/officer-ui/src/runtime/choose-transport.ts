/**
 * The transport is injected: Electron's preload bridge (`window.borderpost`) when present; browser mode
 * against `borderpost post serve` when the page is opened with `#secret=<per-launch secret>` (a fragment,
 * so the secret never reaches a server log; the runtime is the page's own origin unless `runtime=<url>`
 * names another loopback address); otherwise the in-memory FakeRuntime.
 */
import { httpTransport, secretFromFragment, type ContractBridge, type ContractTransport } from '@borderpost/contract';
import { FakeRuntime } from './fake-runtime';

declare global {
  interface Window {
    borderpost?: ContractBridge;
  }
}

export interface ChosenTransport {
  transport: ContractTransport;
  kind: 'electron' | 'http' | 'fake';
  fake: FakeRuntime | null;
}

/** The preload's typed bridge carries the same calls; the contract's client puts the types back on. */
export function bridgeTransport(bridge: ContractBridge): ContractTransport {
  return {
    invoke: (name, args) => (bridge.invoke as (name: string, args: unknown) => Promise<unknown>)(name, args),
    subscribe: (event, listener) => (bridge.subscribe as (event: string, listener: (payload: unknown) => void) => () => void)(event, listener),
  };
}

export function chooseTransport(win: Window = window): ChosenTransport {
  if (win.borderpost) return { transport: bridgeTransport(win.borderpost), kind: 'electron', fake: null };
  const secret = secretFromFragment(win.location.hash);
  if (secret) {
    const params = new URLSearchParams(win.location.hash.replace(/^#/, ''));
    const baseUrl = params.get('runtime') ?? win.location.origin;
    // The secret stays in memory only: out of the address bar, history and bookmarks.
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
    return { transport: httpTransport({ baseUrl, secret }), kind: 'http', fake: null };
  }
  const fake = new FakeRuntime();
  return { transport: fake.transport, kind: 'fake', fake };
}
