import { ok } from '@borderpost/common';
import { type HandlerImplementations } from '@borderpost/contract';

/**
 * GROUNDWORK. What the post runtime answers until its services (store, sync, devices, capture) are wired
 * in — in the Electron utility process and in browser mode alike: `app.info` (so the UI can show "runtime not ready" instead of
 * a blank screen) and `session.current` (nobody is signed in). Every other call falls through to the
 * dispatcher's RUNTIME_NOT_READY answer.
 */
export function placeholderHandlers(mode: 'electron' | 'browser'): HandlerImplementations {
  return {
    'app.info': async () =>
      ok({ version: '0.1.0', mode, training: false, enrolled: false, postId: null, stationId: null, runtimeReady: false }),
    'session.current': async () => ok(null),
  };
}
