import { type Result, err } from '@borderpost/common';
import { type EventName, type Events, isEventName } from './events';
import { type HandlerName, type Handlers, handlerNames } from './handlers';
import { type ContractTransport, isResult } from './transport';

export type ContractClient = Handlers & {
  /** Listens to a runtime event; returns the function that stops listening. */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
};

/**
 * The UI's typed client, built from the contract over any transport. Callers never see an exception:
 * a transport failure (runtime process gone, socket closed) or a malformed answer becomes a failed
 * Result with a stable code, like any other error.
 */
export function createClient(transport: ContractTransport): ContractClient {
  const calls = {} as Record<HandlerName, (args: unknown) => Promise<Result<unknown>>>;
  for (const name of handlerNames) {
    calls[name] = async (args: unknown) => {
      let answer: unknown;
      try {
        answer = await transport.invoke(name, args ?? {});
      } catch (error) {
        return err({ code: 'TRANSPORT_FAILED', message: `${name}: ${error instanceof Error ? error.message : String(error)}` });
      }
      return isResult(answer) ? answer : err({ code: 'CONTRACT_BAD_RESPONSE', message: `${name}: the runtime's answer is not a Result` });
    };
  }
  const on = <E extends EventName>(event: E, listener: (payload: Events[E]) => void): (() => void) => {
    if (!isEventName(event)) throw new TypeError(`unknown event ${String(event)}`);
    return transport.subscribe(event, (payload) => {
      try {
        listener(payload as Events[E]);
      } catch (error) {
        // One broken listener must not stop the others (or the transport's delivery loop).
        console.error(`listener for ${event} threw`, error);
      }
    });
  };
  return { ...(calls as unknown as Handlers), on };
}
