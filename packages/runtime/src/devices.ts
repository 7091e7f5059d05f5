import { BorderpostError, err, ok, toErrorData } from '@borderpost/common';
import type { DeviceInfo, DeviceRole, EventHub, FingerPosition, HandlerImplementations } from '@borderpost/contract';
import fs from 'node:fs';
import path from 'node:path';
import { type DeviceEntry, DeviceManager, type EnumeratedDevice, type FingerSubType, contrastQuality, encodeGreyPng } from '@borderpost/devices';
import type { StationDevices } from './station-devices';
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
 * and the fingerprint device serves `capture.captureFinger`. Follows the manager a technician's
 * reassignment puts in place. Returns a function that detaches.
 */
export function attachDevices(station: StationDevices, events: EventHub): { fingerprints: FingerprintSource; detach: () => void } {
  const onDocument = ({ deviceId, read }: { deviceId: string; read: { lines: string[]; receivedAt: string } }) =>
    events.emit('device.mrz', { deviceId, mrzLines: read.lines, receivedAt: read.receivedAt });
  const onStatus = ({ deviceId, status, error }: { deviceId: string; status: 'open' | 'offline'; error?: { code: string; message: string } }) =>
    events.emit('device.status', { deviceId, state: status === 'open' ? 'connected' : 'disconnected', error: error ?? null });
  const attach = (manager: DeviceManager | null) => {
    manager?.on('document', onDocument);
    manager?.on('status', onStatus);
  };
  const detachFrom = (manager: DeviceManager | null) => {
    manager?.off('document', onDocument);
    manager?.off('status', onStatus);
  };
  attach(station.manager);
  const unsubscribe = station.subscribe((manager, previous) => {
    detachFrom(previous);
    attach(manager);
  });
  const scanner = () => {
    const manager = station.manager;
    const index = manager ? manager.config.devices.findIndex((entry) => entry.role === 'fingerprint') : -1;
    return manager && index >= 0 ? { manager, deviceId: manager.deviceIds[index]! } : null;
  };
  const fingerprints: FingerprintSource = {
    get deviceId() {
      return scanner()?.deviceId;
    },
    available: () => scanner() !== null,
    capture: async (position) => {
      const current = scanner();
      if (!current) throw new BorderpostError('DEVICE_NOT_CONFIGURED', 'no fingerprint scanner is configured at this station');
      const image = await current.manager.captureFinger(fingerSubType(position));
      // ZFM modules report no quality: the image's own contrast measure stands in for it.
      const quality = image.quality ?? contrastQuality(image);
      return { png: encodeGreyPng(image), quality };
    },
  };
  return {
    fingerprints,
    detach: () => {
      unsubscribe();
      detachFrom(station.manager);
    },
  };
}

const DETECTED_PREFIX = 'detected:';

function detectedId(device: EnumeratedDevice): string {
  return `${DETECTED_PREFIX}${device.kind}:${device.path}`;
}

/** Where a configured entry is plugged in, in the terms enumeration uses (to hide what is already assigned). */
function entryPath(entry: DeviceEntry): string | null {
  if (entry.transport === 'serial') return entry.port;
  if (entry.transport === 'hid') return entry.path ?? `${entry.vendorId}:${entry.productId}`;
  if (entry.transport === 'sbi') return entry.sbiPort !== undefined ? String(entry.sbiPort) : null;
  return null;
}

/**
 * The configuration entry a technician's choice of role, protocol and port means. Settings the choice
 * does not name (baud rate, keyboard layout, USB ids) are kept from the entry being changed, taken from
 * the detected device, or the protocol's usual default. Unknown combinations are DEVICE_BAD_ASSIGNMENT.
 */
export function entryForAssignment(
  args: { role: DeviceRole; protocol: string | null; port?: string | null },
  previous: DeviceEntry | null,
  detected: EnumeratedDevice | null,
): DeviceEntry {
  const port = (args.port ?? '').trim() || (previous ? entryPath(previous) : null) || detected?.path || '';
  const keep = <K extends string>(key: K): unknown => (previous && key in previous ? (previous as Record<K, unknown>)[key] : undefined);
  const baud = (fallback: number) => (typeof keep('baudRate') === 'number' ? (keep('baudRate') as number) : fallback);
  const combination = `${args.role}/${args.protocol ?? ''}`;
  switch (combination) {
    case 'mrz-reader/cute':
    case 'mrz-reader/3m':
    case 'mrz-reader/lines':
      return { role: 'mrz', transport: 'serial', port, protocol: args.protocol as 'cute' | '3m' | 'lines', baudRate: baud(9600) };
    case 'mrz-reader/access-is-hid': {
      const vendorId = detected?.vendorId ?? (keep('vendorId') as string | undefined) ?? '';
      const productId = detected?.productId ?? (keep('productId') as string | undefined) ?? '';
      const hidPath = detected?.kind === 'hid' ? detected.path : (keep('path') as string | undefined);
      return { role: 'mrz', transport: 'hid', protocol: 'access-is-hid', vendorId, productId, ...(hidPath ? { path: hidPath } : {}) };
    }
    case 'mrz-reader/wedge': {
      const layout = keep('layout');
      return { role: 'mrz', transport: 'keyboard', protocol: 'wedge', layout: layout === 'fr' || layout === 'de' ? layout : 'us' };
    }
    case 'fingerprint-scanner/zfm':
      return { role: 'fingerprint', transport: 'serial', port, protocol: 'zfm', baudRate: baud(57600) };
    case 'fingerprint-scanner/sbi': {
      const sbiPort = /^\d{1,5}$/.test(port) ? Number(port) : undefined;
      return { role: 'fingerprint', transport: 'sbi', protocol: 'sbi', ...(sbiPort !== undefined ? { sbiPort } : {}) };
    }
    default:
      throw new BorderpostError('DEVICE_BAD_ASSIGNMENT', `a ${args.role} cannot speak ${args.protocol ?? 'no protocol'}: MRZ readers speak cute, 3m, lines, access-is-hid or wedge; fingerprint scanners zfm or sbi`);
  }
}

export interface DeviceHandlerOptions {
  configFile: string;
  /** How long an enumeration result is reused (listing probes ports and SBI services). */
  enumerationCacheMs?: number;
}

/**
 * The technician's device calls: the configured devices with health and what else is plugged in
 * (`detected:` ids, role none), assigning a role/protocol/port (a new configuration, applied at once by
 * replacing the manager), a test read, the raw trace as `device.trace` events (polled from the manager's
 * ring buffer while enabled), and saving the configuration for the next start.
 */
export function deviceHandlers(station: StationDevices, events: EventHub, options: DeviceHandlerOptions): { handlers: HandlerImplementations; stop: () => void } {
  const tracing = new Map<string, { timer: NodeJS.Timeout; lastAt: number }>();
  let enumeration: { at: number; devices: EnumeratedDevice[] } | null = null;
  const detect = async (fresh = false): Promise<EnumeratedDevice[]> => {
    if (!fresh && enumeration && Date.now() - enumeration.at < (options.enumerationCacheMs ?? 5000)) return enumeration.devices;
    try {
      const result = await station.enumerate();
      enumeration = { at: Date.now(), devices: result.devices };
    } catch {
      enumeration = { at: Date.now(), devices: [] }; // listing is help, not a requirement: configured devices still show
    }
    return enumeration.devices;
  };
  const configured = (): DeviceInfo[] => {
    const manager = station.manager;
    if (!manager) return [];
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
  const unassigned = (detected: EnumeratedDevice[]): DeviceInfo[] => {
    const used = new Set(station.config.devices.map(entryPath).filter((p): p is string => p !== null));
    return detected
      .filter((device) => !used.has(device.path) && !(device.vendorId && used.has(`${device.vendorId}:${device.productId ?? ''}`)))
      .map((device) => ({
        deviceId: detectedId(device),
        kind: device.kind === 'sbi' ? 'usb' : device.kind,
        name: device.known?.name ?? ([device.manufacturer, device.product].filter(Boolean).join(' ') || device.path),
        port: device.path,
        role: 'none',
        protocol: device.known?.protocol ?? null,
        state: 'disconnected',
        lastError: null,
      }));
  };
  const list = async (): Promise<DeviceInfo[]> => [...configured(), ...unassigned(await detect())];
  const manager = (deviceId: unknown): DeviceManager => {
    const current = station.manager;
    if (!current || !current.deviceIds.includes(deviceId as string)) {
      throw new BorderpostError(
        typeof deviceId === 'string' && deviceId.startsWith(DETECTED_PREFIX) ? 'DEVICE_NO_ROLE' : 'DEVICE_NOT_FOUND',
        typeof deviceId === 'string' && deviceId.startsWith(DETECTED_PREFIX) ? 'assign a role and protocol to this device first' : `no device ${String(deviceId)} at this station`,
      );
    }
    return current;
  };
  const info = (deviceId: string): DeviceInfo => configured().find((device) => device.deviceId === deviceId)!;
  const stopTrace = (deviceId: string) => {
    const running = tracing.get(deviceId);
    if (running) clearInterval(running.timer);
    tracing.delete(deviceId);
  };
  const handlers: HandlerImplementations = {
    'devices.list': async () => ok(await list()),
    'devices.assign': async ({ deviceId, role, protocol, port }) => {
      if (typeof deviceId !== 'string' || !['mrz-reader', 'fingerprint-scanner', 'none'].includes(role as string)) {
        return err({ code: 'DEVICE_BAD_ASSIGNMENT', message: 'deviceId and a role (mrz-reader, fingerprint-scanner or none) are needed' });
      }
      const config = station.config;
      const index = station.manager ? station.manager.deviceIds.indexOf(deviceId) : -1;
      const detected = deviceId.startsWith(DETECTED_PREFIX) ? ((await detect()).find((device) => detectedId(device) === deviceId) ?? null) : null;
      if (index < 0 && !detected) return err({ code: 'DEVICE_NOT_FOUND', message: `no device ${deviceId} at this station (plugged out?)` });
      const devices = [...config.devices];
      let position: number;
      try {
        if (role === 'none') {
          if (index < 0) return err({ code: 'DEVICE_NO_ROLE', message: 'this device has no role to take away' });
          devices.splice(index, 1);
          position = -1;
        } else {
          const entry = entryForAssignment({ role, protocol: typeof protocol === 'string' ? protocol : null, port: typeof port === 'string' ? port : null }, index >= 0 ? devices[index]! : null, detected);
          if (index >= 0) devices[index] = entry;
          else devices.push(entry);
          position = index >= 0 ? index : devices.length - 1;
        }
        for (const id of [...tracing.keys()]) stopTrace(id);
        const next = await station.replace({ version: 1, devices });
        enumeration = null;
        if (position < 0 || !next) {
          return ok({ deviceId, kind: detected?.kind === 'hid' ? 'hid' : 'serial', name: 'Unassigned device', port: typeof port === 'string' ? port : null, role: 'none', protocol: null, state: 'disconnected', lastError: null });
        }
        return ok(info(next.deviceIds[position]!));
      } catch (error) {
        return err(toErrorData(error));
      }
    },
    'devices.test': async ({ deviceId }) => {
      const current = manager(deviceId);
      const device = info(deviceId);
      if (device.role === 'fingerprint-scanner') {
        try {
          const image = await current.captureFinger('Right IndexFinger', { timeoutMs: 15_000 });
          return ok({ deviceId, ok: true, summary: `captured ${image.width}×${image.height} at ${image.dpi} dpi, quality ${image.quality ?? contrastQuality(image)}`, error: null });
        } catch (error) {
          const data = error instanceof BorderpostError ? { code: error.code, message: error.message } : { code: 'DEVICE_ERROR', message: String(error) };
          return ok({ deviceId, ok: false, summary: 'the capture failed', error: data });
        }
      }
      const health = current.health().find((h) => h.id === deviceId);
      const summary = `${device.state}; ${health?.successes ?? 0} documents read, ${health?.failures ?? 0} misreads`;
      return ok({ deviceId, ok: device.state === 'connected', summary, error: device.lastError });
    },
    'devices.trace': async ({ deviceId, enabled }) => {
      manager(deviceId);
      if (!enabled) {
        stopTrace(deviceId);
        return ok(null);
      }
      if (tracing.has(deviceId)) return ok(null);
      const state = { lastAt: Date.now(), timer: undefined as unknown as NodeJS.Timeout };
      state.timer = setInterval(() => {
        const current = station.manager;
        if (!current?.deviceIds.includes(deviceId)) return stopTrace(deviceId); // reassigned meanwhile
        for (const entry of current.trace(deviceId)) {
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
      const temporary = `${options.configFile}.tmp`;
      fs.writeFileSync(temporary, JSON.stringify(station.config, null, 2), { mode: 0o600 });
      fs.renameSync(temporary, options.configFile);
      return ok({ savedAt: new Date().toISOString() });
    },
  };
  return {
    handlers,
    stop: () => {
      for (const id of [...tracing.keys()]) stopTrace(id);
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
