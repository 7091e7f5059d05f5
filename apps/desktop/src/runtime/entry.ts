/**
 * Entry of the post runtime's utility process (conventions §2: SQLite, sync and device I/O never run in
 * the main process). GROUNDWORK: the runtime itself (store, sync, devices, capture services) is wired in a
 * later session; until then it answers `app.info` and `session.current`, and every other call with RUNTIME_NOT_READY
 * through the real dispatcher, so the shell, the IPC relay and the UI can be built and tested end to end.
 */
import { EventHub, createDispatcher } from '@borderpost/contract';
import type { ParentPort } from 'electron';
import { type PortLike, serveRuntime } from '../runtime-host';
import { placeholderHandlers } from '@borderpost/runtime-core';

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
if (!parentPort) {
  // Started outside Electron's utilityProcess.fork: nothing to talk to.
  console.error('borderpost runtime: no parentPort; start it with utilityProcess.fork');
  process.exit(2);
}
const events = new EventHub();
const dispatch = createDispatcher(placeholderHandlers('electron'));
serveRuntime(parentPort as unknown as PortLike, dispatch, events, () => process.exit(0));
