import { BorderpostError } from '@borderpost/common';
import { DeviceManager, SerialTransport, mrzFrame, openPtyPair, socatAvailable, startMrzEmulator, startSbiEmulator, syntheticDocuments } from '@borderpost/devices';
import { formatMrz } from '@borderpost/mrz';
import { serveContract } from '@borderpost/post-serve';
import { startPostRuntime } from '@borderpost/runtime';
import { hashPassword } from '@borderpost/runtime-core';
import { loadConfig, startServer } from '@borderpost/server';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const DEMO_POST = 'demo-post';
export const DEMO_SIGN_IN = { username: 'officer', password: 'demo-officer' };
const DEMO_SUPERVISOR = { username: 'supervisor', password: 'demo-supervisor' };
const ADMIN = { userId: 'admin', password: 'demo-admin-password' };

/** The traveller on the demo alert list: the emulated reader presents this passport every few documents. */
export const DEMO_WANTED = { documentCode: 'P', issuingState: 'SWE', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', documentNumber: 'L898902C3', nationality: 'SWE', birthDate: '1974-08-12', sex: 'F' as const, expiryDate: '2034-04-15' };

export interface DemoOptions {
  /** Build the officer UI when its bundle is missing (slow: a minute). */
  buildUi: boolean;
  say: (line: Record<string, unknown>) => void;
  /**
   * How often the emulated reader presents a document on its own (default 15 s); `null`: never — a test
   * presents each document itself with `present()`, so none arrives in the middle of its flow.
   */
  readerIntervalMs?: number | null;
}

export interface RunningDemo {
  launchUrl: string;
  url: string;
  /** Central's address and an administrator's token (to read what reached central). */
  central: { url: string; adminToken: string };
  /** The emulated reader presents these MRZ lines now; resolves once its last byte is written. Null without socat. */
  present: ((mrzLines: string[]) => Promise<void>) | null;
  stop(): Promise<void>;
}

function repoRoot(): string {
  // packages/cli/dist/groups → repository root
  return path.resolve(__dirname, '..', '..', '..', '..');
}

/**
 * The whole system on one machine (issue 6, `npm start`): central (embedded SQLite in a temporary
 * directory) seeded with a demo post, two officers and an alert list; one post enrolled with a one-time
 * code, an emulated passport reader (socat PTY) and an emulated SBI fingerprint scanner; the officer UI in
 * browser mode. Everything it starts is stopped by `stop()`, and the temporary directory removed.
 */
export async function startDemoSystem(options: DemoOptions): Promise<RunningDemo> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'borderpost-demo-'));
  const stops: Array<() => Promise<unknown> | unknown> = [() => fs.rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) {
      try {
        await step();
      } catch {
        // stopping goes on: one part failing to stop must not leave the others running
      }
    }
  };
  try {
    const server = await startServer(loadConfig({}, { dataDir: path.join(dir, 'central'), port: 0, host: '127.0.0.1', logLevel: 'silent' }));
    stops.push(() => server.close());
    await server.storage.access.createUser({ userId: ADMIN.userId, name: 'Demo administrator', role: 'admin', password: ADMIN.password }, 'demo');
    const admin = (await server.storage.access.signIn(ADMIN.userId, ADMIN.password)).token;
    const cheap = { N: 1024, r: 8, p: 1 }; // demo credentials: fast to check, never for real users
    const now = new Date().toISOString();
    const reference = [
      { _id: `user:${DEMO_SIGN_IN.username}`, type: 'user', userId: DEMO_SIGN_IN.username, name: 'Demo Officer', roles: ['officer'], posts: [DEMO_POST], passwordHash: await hashPassword(DEMO_SIGN_IN.password, cheap) },
      { _id: `user:${DEMO_SUPERVISOR.username}`, type: 'user', userId: DEMO_SUPERVISOR.username, name: 'Demo Supervisor', roles: ['officer', 'supervisor', 'technician'], posts: [DEMO_POST], passwordHash: await hashPassword(DEMO_SUPERVISOR.password, cheap) },
      { _id: 'alert-list:demo-wanted', type: 'alert-list', listId: 'demo-wanted', name: 'Demo wanted persons', version: 1, kind: 'person', thresholds: { person: 0.8 }, entryCount: 1, publishedAt: now, source: 'json' },
      { _id: 'alert-person:demo-wanted:p1', type: 'alert-person', listId: 'demo-wanted', listVersion: 1, entryId: 'p1', names: [{ surname: DEMO_WANTED.surname, givenNames: DEMO_WANTED.givenNames }], birthDates: [DEMO_WANTED.birthDate], sex: 'F', nationalities: [DEMO_WANTED.nationality], reason: 'demo: document fraud', instruction: 'refer to secondary inspection' },
    ];
    const seeded = await server.app.inject({ method: 'POST', url: '/reference/_bulk_docs', headers: { authorization: `Bearer ${admin}` }, payload: { docs: reference } });
    if (seeded.statusCode !== 201) throw new BorderpostError('DEMO_SEED_FAILED', `central refused the demo reference data (${seeded.statusCode}): ${seeded.body.slice(0, 300)}`);
    options.say({ demo: 'central', url: server.url, post: DEMO_POST, alertList: 'demo-wanted' });

    // Devices: an SBI fingerprint service always (plain HTTP); a passport reader when socat can make a PTY.
    const sbi = await startSbiEmulator({ port: 0, imageFormat: 'png' });
    stops.push(() => sbi.close());
    const config: { version: 1; devices: object[] } = { version: 1, devices: [{ role: 'fingerprint', transport: 'sbi', protocol: 'sbi', sbiPort: sbi.port, requestedScore: 40 }] };
    let present: RunningDemo['present'] = null;
    if (socatAvailable()) {
      const pair = await openPtyPair();
      stops.push(() => pair.close());
      const deviceEnd = await SerialTransport.open({ path: pair.devicePath, baudRate: 9600 });
      stops.push(() => deviceEnd.close());
      const synthetic = syntheticDocuments(2026);
      let count = 0;
      // Every fourth document (the second first: the very first may be sent before the reader is open) is the
      // wanted traveller, so the alert panel shows within a minute.
      if (options.readerIntervalMs !== null) {
        const emulator = startMrzEmulator({ protocol: 'cute', transport: deviceEnd, nextDocument: () => (++count % 4 === 2 ? formatMrz(DEMO_WANTED, 'TD3') : synthetic()), intervalMs: options.readerIntervalMs ?? 15_000 });
        stops.push(() => emulator.stop());
      }
      present = (mrzLines) => deviceEnd.write(mrzFrame('cute', mrzLines));
      config.devices.push({ role: 'mrz', transport: 'serial', port: pair.hostPath, protocol: 'cute', baudRate: 9600 });
    } else {
      options.say({ demo: 'warning', message: 'socat is not installed: no emulated passport reader (type the MRZ instead); apt-get install socat' });
    }
    const devices = new DeviceManager(config);
    await devices.start();
    stops.push(() => devices.stop());

    const runtime = await startPostRuntime({ dataDir: path.join(dir, 'post'), mode: 'browser', devices, sync: { intervalMs: 30_000 } });
    stops.push(() => runtime.stop());
    const { code } = await server.storage.access.createEnrolmentCode(DEMO_POST, 'demo', 10);
    const enrolled = await runtime.dispatch('station.enrol', { serverUrl: server.url, code });
    if (!enrolled.ok) throw new BorderpostError(enrolled.error.code, `the demo post could not enrol: ${enrolled.error.message}`);

    const uiDir = path.join(repoRoot(), 'apps', 'officer-ui', 'dist', 'web');
    if (!fs.existsSync(path.join(uiDir, 'index.html')) && options.buildUi) {
      options.say({ demo: 'building', message: 'building the officer UI (npm run build:officer-ui), once' });
      const built = spawnSync('npm', ['run', 'build:officer-ui'], { cwd: repoRoot(), stdio: ['ignore', 'ignore', 'inherit'] });
      if (built.status !== 0) options.say({ demo: 'warning', message: 'the officer UI did not build: the API is served without it' });
    }
    const haveUi = fs.existsSync(path.join(uiDir, 'index.html'));
    const served = await serveContract({ dispatch: runtime.dispatch, events: runtime.events, port: 0, staticDir: haveUi ? uiDir : null });
    stops.push(() => served.close());
    return { launchUrl: served.launchUrl, url: served.url, central: { url: server.url, adminToken: admin }, present, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export const demoCredentials = { officer: DEMO_SIGN_IN, supervisor: DEMO_SUPERVISOR };
