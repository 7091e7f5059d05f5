import { type Result } from '@borderpost/common';
import { type Events, type EventName } from './events';
import { type ArgsOf, type HandlerName, type Handlers } from './handlers';

/**
 * What a transport must carry: a named call with plain-JSON args answered by a Result, and named events.
 * Electron's preload bridge (IPC), browser mode (HTTP + WebSocket) and in-process tests all implement it.
 * Untyped on purpose: it is the wire; `createClient` puts the types back on.
 */
export interface ContractTransport {
  invoke(name: string, args: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

/**
 * The typed shape of the object the preload exposes to the renderer (`window.borderpost`). The preload
 * checks its object against this with `satisfies`, so a renamed call fails to compile there.
 */
export interface ContractBridge {
  invoke<K extends HandlerName>(name: K, args: ArgsOf<K>): ReturnType<Handlers[K]>;
  subscribe<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** Every call on the wire is `{ name, args }`; every answer a Result. */
export interface WireRequest {
  name: string;
  args: unknown;
}

export type WireResponse = Result<unknown>;

export function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { ok?: unknown; value?: unknown; error?: unknown };
  if (candidate.ok === true) return 'value' in candidate;
  if (candidate.ok === false) {
    const error = candidate.error as { code?: unknown; message?: unknown } | null | undefined;
    return typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string';
  }
  return false;
}
