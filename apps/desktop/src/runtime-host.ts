import { err } from '@borderpost/common';
import { type Dispatch, type EventHub, eventNames } from '@borderpost/contract';
import { type MainToRuntime, type RuntimeToMain } from './protocol';

/** The few methods of Electron's `process.parentPort` the host needs (a fake stands in for tests). */
export interface PortLike {
  on(event: 'message', listener: (message: { data: unknown }) => void): unknown;
  postMessage(message: RuntimeToMain): void;
}

function isMainMessage(value: unknown): value is MainToRuntime {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown; id?: unknown; name?: unknown };
  return (
    (message.type === 'invoke' && typeof message.id === 'number' && typeof message.name === 'string') ||
    (message.type === 'connectivity' && typeof (value as { online?: unknown }).online === 'boolean') ||
    message.type === 'shutdown'
  );
}

/**
 * The runtime process's half of the relay: answers each `invoke` through the contract's dispatcher and
 * forwards every runtime event to main. Used by the utility-process entry today (placeholder handlers)
 * and by the real runtime later, unchanged.
 */
export function serveRuntime(port: PortLike, dispatch: Dispatch, events: EventHub, onShutdown: () => void, onConnectivity: (online: boolean) => void = () => undefined): void {
  for (const name of eventNames) {
    events.subscribe(name, (payload) => port.postMessage({ type: 'event', name, payload }));
  }
  port.on('message', ({ data }) => {
    if (!isMainMessage(data)) return;
    if (data.type === 'shutdown') return onShutdown();
    if (data.type === 'connectivity') return onConnectivity(data.online);
    if (data.type !== 'invoke') return; // `sealed` answers belong to the secret codec (secret-seal.ts)
    void dispatch(data.name, data.args)
      .catch((error: unknown) => err({ code: 'INTERNAL_ERROR', message: String(error) }))
      .then((result) => port.postMessage({ type: 'result', id: data.id, result }));
  });
  port.postMessage({ type: 'ready' });
}
