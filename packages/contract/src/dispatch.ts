import { type ErrorData, type Result, err, toErrorData } from '@borderpost/common';
import { type EventName, type Events } from './events';
import { type Access, type Handlers, handlerAccess, isHandlerName } from './handlers';
import { isResult } from './transport';
import { type Role } from './types';

/** The runtime's implementation: any subset of the contract; the rest answer `RUNTIME_NOT_READY`. */
export type HandlerImplementations = Partial<Handlers>;

export interface DispatcherOptions {
  /**
   * The roles of the signed-in user, or null when nobody is signed in. When given, `handlerAccess` is
   * enforced before a handler runs.
   */
  currentRoles?: () => readonly Role[] | null;
}

export type Dispatch = (name: unknown, args: unknown) => Promise<Result<unknown>>;

export function notReady(name: string): ErrorData {
  return { code: 'RUNTIME_NOT_READY', message: `${name} is not available yet: the post runtime has not started (or does not implement it)` };
}

function allowed(access: Access, roles: readonly Role[] | null): ErrorData | null {
  if (access === 'public') return null;
  if (roles === null) return { code: 'SESSION_REQUIRED', message: 'sign in first' };
  if (access === 'signed-in' || roles.includes(access) || roles.includes('admin')) return null;
  return { code: 'SESSION_FORBIDDEN', message: `this needs the ${access} role` };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  // Any realm's Object.prototype (IPC and structured clone may deliver objects from another realm) —
  // that is, a prototype whose own prototype is null. Class instances are refused.
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * The runtime side of every transport: checks the call name against the contract, the argument shape
 * (a plain object) and the caller's access, runs the handler, and turns anything thrown into error data.
 * Argument contents are the handler's to validate (it knows the domain rules).
 */
export function createDispatcher(handlers: HandlerImplementations, options: DispatcherOptions = {}): Dispatch {
  return async (name, args) => {
    if (!isHandlerName(name)) return err({ code: 'CONTRACT_UNKNOWN_CALL', message: `no such call: ${String(name).slice(0, 80)}` });
    const callArgs = args === undefined ? {} : args;
    if (!isPlainObject(callArgs)) return err({ code: 'CONTRACT_BAD_ARGS', message: `${name} takes an object of arguments` });
    if (options.currentRoles) {
      const denied = allowed(handlerAccess[name], options.currentRoles());
      if (denied) return err(denied);
    }
    const handler = handlers[name] as ((args: unknown) => Promise<unknown>) | undefined;
    if (!handler) return err(notReady(name));
    try {
      const answer = await handler(callArgs);
      return isResult(answer) ? answer : err({ code: 'CONTRACT_BAD_RESPONSE', message: `${name} did not answer with a Result` });
    } catch (error) {
      return err(toErrorData(error));
    }
  };
}

type Listener = (payload: unknown) => void;

/** Typed fan-out of runtime events to whatever transports are attached (IPC relay, WebSocket clients). */
export class EventHub {
  private readonly listeners = new Map<string, Set<Listener>>();

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch {
        // A closed window or socket must not stop delivery to the others.
      }
    }
  }

  subscribe(event: string, listener: Listener): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }
}

/** An in-process transport (tests, and the runtime serving itself in one process). */
export function loopbackTransport(dispatch: Dispatch, events: EventHub) {
  return {
    invoke: (name: string, args: unknown) => dispatch(name, args),
    subscribe: (event: string, listener: Listener) => events.subscribe(event, listener),
  };
}

