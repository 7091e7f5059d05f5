import { BorderpostError, ok } from '@borderpost/common';
import type { DeviceInfo, EventHub, FingerPosition, HandlerImplementations } from '@borderpost/contract';
import fs from 'node:fs';
import path from 'node:path';
import { DeviceManager, type FingerSubType, contrastQuality, encodeGreyPng } from '@borderpost/devices';
import type { FingerprintSource } from './capture';

/** Contract finger names → SBI/ISO subtype names used by the device layer. */
function fingerSubType(position: FingerPosition): FingerSubType {
  const [hand, finger] = position.split('-') as ['left' | 'right', string];
  const side = hand === 'left' ? 'Left' : 'Right';
  if (finger === 'thumb') return `${side} Thumb` as FingerSubType;
  return `${side} ${finger[0]!.toUpperCase()}${finger.slice(1)}Finger` as FingerSubType;
}

/**
 * The station's devices feeding the runtime: documents read by the MRZ reader go to the UI as
 * `device.mrz` events (the workflow takes them, never a focused field), status changes as `device.status`,
 * and the fingerprint device serves `capture.captureFinger`. Returns a function that detaches.
 */
export function attachDevices(manager: DeviceManager, events: EventHub): { fingerprints: FingerprintSource; detach: () => void } {
  const onDocument = ({ deviceId, read }: { deviceId: string; read: { lines: string[]; receivedAt: string } }) =>
    events.emit('device.mrz', { deviceId, mrzLines: read.lines, receivedAt: read.receivedAt });
  const onStatus = ({ deviceId, status, error }: { deviceId: string; status: 'open' | 'offline'; error?: { code: string; message: string } }) =>
    events.emit('device.status', { deviceId, state: status === 'open' ? 'connected' : 'disconnected', error: error ?? null });
  manager.on('document', onDocument);
  manager.on('status', onStatus);
  const scannerIndex = manager.config.devices.findIndex((entry) => entry.role === 'fingerprint');
  const fingerprints: FingerprintSource = {
    ...(scannerIndex >= 0 ? { deviceId: manager.deviceIds[scannerIndex]! } : {}),
    capture: async (position) => {
      const image = await manager.captureFinger(fingerSubType(position));
      // ZFM modules report no quality: the image's own contrast measure stands in for it.
      const quality = image.quality ?? contrastQuality(image);
      return { png: encodeGreyPng(image), quality };
    },
  };
  return {
    fingerprints,
    detach: () => {
      manager.off('document', onDocument);
      manager.off('status', onStatus);
    },
  };
}

/**
 * The technician's device calls over a running DeviceManager: the list with health, a test read, the raw
 * trace as `device.trace` events (polled from the manager's ring buffer while enabled), and saving the
 * station's device configuration. Changing assignments needs a new manager: not offered here yet.
 */
export function deviceHandlers(manager: DeviceManager, events: EventHub, configFile: string): { handlers: HandlerImplementations; stop: () => void } {
  const tracing = new Map<string, { timer: NodeJS.Timeout; lastAt: number }>();
  const list = (): DeviceInfo[] => {
    const health = new Map(manager.health().map((h) => [h.id, h]));
    return manager.deviceIds.map((deviceId, i) => {
      const entry = manager.config.devices[i]!;
      const h = health.get(deviceId);
      return {
        deviceId,
        kind: entry.transport === 'keyboard' ? 'keyboard-wedge' : entry.transport === 'sbi' ? 'usb' : entry.transport,
        name: `${entry.role === 'mrz' ? 'Passport reader' : 'Fingerprint scanner'} (${entry.protocol})`,
        port: 'port' in entry ? entry.port : 'sbiPort' in entry && entry.sbiPort !== undefined ? String(entry.sbiPort) : null,
        role: entry.role === 'mrz' ? 'mrz-reader' : 'fingerprint-scanner',
        protocol: entry.protocol,
        state: h?.status === 'ok' || h?.status === 'degraded' ? 'connected' : h?.status === 'offline' ? 'disconnected' : h?.lastFailure ? 'error' : 'disconnected',
        lastError: h?.lastFailure ? { code: h.lastFailure.code, message: h.lastFailure.message } : null,
      };
    });
  };
  const known = (deviceId: unknown): DeviceInfo => {
    const info = list().find((device) => device.deviceId === deviceId);
    if (!info) throw new BorderpostError('DEVICE_NOT_FOUND', `no device ${String(deviceId)} at this station`);
    return info;
  };
  const handlers: HandlerImplementations = {
    'devices.list': async () => ok(list()),
    'devices.test': async ({ deviceId }) => {
      const info = known(deviceId);
      if (info.role === 'fingerprint-scanner') {
        try {
          const image = await manager.captureFinger('Right IndexFinger', { timeoutMs: 15_000 });
          return ok({ deviceId, ok: true, summary: `captured ${image.width}×${image.height} at ${image.dpi} dpi, quality ${image.quality ?? contrastQuality(image)}`, error: null });
        } catch (error) {
          const data = error instanceof BorderpostError ? { code: error.code, message: error.message } : { code: 'DEVICE_ERROR', message: String(error) };
          return ok({ deviceId, ok: false, summary: 'the capture failed', error: data });
        }
      }
      const health = manager.health().find((h) => h.id === deviceId);
      const summary = `${info.state}; ${health?.successes ?? 0} documents read, ${health?.failures ?? 0} misreads`;
      return ok({ deviceId, ok: info.state === 'connected', summary, error: info.lastError });
    },
    'devices.trace': async ({ deviceId, enabled }) => {
      known(deviceId);
      const running = tracing.get(deviceId);
      if (!enabled) {
        if (running) clearInterval(running.timer);
        tracing.delete(deviceId);
        return ok(null);
      }
      if (running) return ok(null);
      const state = { lastAt: Date.now(), timer: undefined as unknown as NodeJS.Timeout };
      state.timer = setInterval(() => {
        for (const entry of manager.trace(deviceId)) {
          if (entry.at <= state.lastAt || entry.direction === 'note') continue;
          state.lastAt = entry.at;
          events.emit('device.trace', { deviceId, direction: entry.direction, hex: entry.hex, at: new Date(entry.at).toISOString() });
        }
      }, 250);
      state.timer.unref();
      tracing.set(deviceId, state);
      return ok(null);
    },
    'devices.saveConfiguration': async () => {
      const temporary = `${configFile}.tmp`;
      fs.writeFileSync(temporary, JSON.stringify(manager.config, null, 2), { mode: 0o600 });
      fs.renameSync(temporary, configFile);
      return ok({ savedAt: new Date().toISOString() });
    },
  };
  return {
    handlers,
    stop: () => {
      for (const { timer } of tracing.values()) clearInterval(timer);
      tracing.clear();
    },
  };
}

/**
 * The station's devices from its saved configuration (`<dataDir>/station-devices.json`, written by
 * `devices.saveConfiguration` or by a technician with `borderpost devices check`), started; null when the
 * station has none yet. A bad file is an error with the device layer's code, not a silent no-device start.
 */
export async function startStationDevices(dataDir: string): Promise<DeviceManager | null> {
  const file = path.join(dataDir, 'station-devices.json');
  if (!fs.existsSync(file)) return null;
  let config: unknown;
  try {
    config = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BorderpostError('DEVICE_CONFIG_INVALID', `${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const manager = new DeviceManager(config);
  await manager.start();
  return manager;
}
