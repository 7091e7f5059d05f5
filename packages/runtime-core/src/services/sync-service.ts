import { ok } from '@borderpost/common';
import { type EventHub, type HandlerImplementations } from '@borderpost/contract';
import { type SyncScheduler } from '@borderpost/sync';

/**
 * The contract's sync calls and event over a running `SyncScheduler`: `sync.state` answers the current
 * state, `sync.now` runs (or queues one follow-up) and answers the state after that run, and every state
 * change is pushed as the `sync.state` event, so the UI's indicator is never stale.
 * Returns the handlers and a function that stops forwarding events.
 */
export function syncService(scheduler: SyncScheduler, events: EventHub): { handlers: HandlerImplementations; detach: () => void } {
  const detach = scheduler.subscribe((state) => events.emit('sync.state', state));
  return {
    handlers: {
      'sync.state': async () => ok(scheduler.getState()),
      'sync.now': async () => ok(await scheduler.syncNow()),
    },
    detach,
  };
}
