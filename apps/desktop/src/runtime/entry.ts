/**
 * Entry of the post runtime's utility process (conventions §2: SQLite, sync and device I/O never run in
 * the main process). Runs `@borderpost/runtime` (enrolment, encrypted store, sync, offline sign-in, capture,
 * and the devices of `station-devices.json`) in the data directory main
 * passes in BORDERPOST_DATA_DIR. If the runtime cannot start (damaged secrets, a locked store), the
 * placeholder answers instead, so the window still shows what is wrong rather than nothing.
 */
import { EventHub, createDispatcher, type Dispatch } from '@borderpost/contract';
import { startPostRuntime, startStationDevices } from '@borderpost/runtime';
import { placeholderHandlers } from '@borderpost/runtime-core';
import type { ParentPort } from 'electron';
import { type PortLike, serveRuntime } from '../runtime-host';
import { remoteSecretCodec } from '../secret-seal';

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
if (!parentPort) {
  // Started outside Electron's utilityProcess.fork: nothing to talk to.
  console.error('borderpost runtime: no parentPort; start it with utilityProcess.fork');
  process.exit(2);
}

async function main(port: ParentPort): Promise<void> {
  const dataDir = process.env.BORDERPOST_DATA_DIR;
  let dispatch: Dispatch;
  let events: EventHub;
  let stop: () => Promise<void> = () => Promise.resolve();
  let setOnline: (online: boolean) => void = () => undefined;
  try {
    if (!dataDir) throw new Error('BORDERPOST_DATA_DIR is not set');
    // The secrets file (token, database key) is sealed by the OS keychain: safeStorage lives in main, so
    // main seals/unseals for this process over the port (../secret-seal.ts). Browser mode keeps the 0600 file.
    const secretCodec = remoteSecretCodec(port as unknown as PortLike);
    const devices = await startStationDevices(dataDir).catch((error: unknown) => {
      // A broken device configuration must not keep the officer from working (typed entry still works).
      console.error('borderpost runtime: devices not started', error);
      return null;
    });
    const runtime = await startPostRuntime({ dataDir, mode: 'electron', devices, secretCodec });
    ({ dispatch, events } = runtime);
    stop = async () => {
      await runtime.stop();
      await devices?.stop();
    };
    setOnline = runtime.setOnline;
  } catch (error) {
    console.error('borderpost runtime: could not start, answering with the placeholder', error);
    events = new EventHub();
    dispatch = createDispatcher(placeholderHandlers('electron'));
  }
  serveRuntime(
    port as unknown as PortLike,
    dispatch,
    events,
    () => void stop().finally(() => process.exit(0)),
    (online) => setOnline(online),
  );
}

void main(parentPort);
