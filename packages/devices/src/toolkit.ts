/**
 * The technician's toolkit behind `borderpost devices …`: each function does one whole job (read one
 * document, capture one finger, run an emulator) and returns plain JSON-ready values. The CLI group only
 * parses options and prints.
 */
import { writeFileSync } from 'node:fs';
import type { BindingInterface } from '@serialport/bindings-interface';
import { parseMrz, type MrzResult } from '@borderpost/mrz';
import { DeviceError, openErrorToDeviceError } from './errors';
import { syntheticDocuments } from './emulators/documents';
import type { FaultMode } from './emulators/faults';
import { startMrzEmulator } from './emulators/mrz-serial';
import { startZfmEmulator } from './emulators/zfm';
import type { FingerImage } from './fingerprint/image';
import { encodeGreyPng } from './fingerprint/png';
import { ZfmScanner, type ZfmSystemParameters } from './fingerprint/zfm';
import { AccessIsHidReader } from './mrz-readers/access-is-hid';
import { framerFor, MrzReader, type MrzRead } from './mrz-readers/reader';
import { identify, normaliseUsbId } from './manager/known';
import { type HidApi, type HidDeviceLike, nodeHidApi } from './transport/hid';
import { SbiClient } from './sbi/client';
import { type SbiImageFormat, startSbiEmulator, startSbiEmulatorInRange } from './sbi/emulator';
import { type FingerSubType, isFingerSubType, FINGER_SUBTYPES } from './sbi/types';
import { ByteTrace, type TraceEntry } from './trace';
import { openPtyPair } from './transport/pty';
import { SerialTransport } from './transport/serial';
import { DeviceManager } from './manager/device-manager';
import { enumerateDevices, type EnumeratedDevice, type EnumerateOptions } from './manager/enumerate';
import { DeviceWatcher } from './manager/watch';

export interface ReadMrzOptions {
  port: string;
  protocol: 'cute' | '3m' | 'lines';
  baudRate?: number;
  timeoutMs?: number;
  binding?: BindingInterface;
}

/** `mrz parse`'s shape plus the frame as received, and the misreads seen while waiting. */
export type ReadMrzOutput = MrzResult & {
  frame: { protocol: string; hex: string; bytes: number; receivedAt: string };
  misreads: { reason: string; message: string; hex: string }[];
};

export async function readOneMrz(options: ReadMrzOptions): Promise<ReadMrzOutput> {
  const trace = new ByteTrace(16 * 1024);
  const transport = await SerialTransport.open({ path: options.port, baudRate: options.baudRate ?? 9600, trace, ...(options.binding ? { binding: options.binding } : {}) });
  const reader = new MrzReader(transport, { protocol: options.protocol, trace });
  const misreads: ReadMrzOutput['misreads'] = [];
  reader.on('misread', (m) => misreads.push({ reason: m.reason, message: m.message, hex: m.raw.toString('hex') }));
  try {
    const read = await reader.nextDocument(options.timeoutMs ?? 30_000);
    return {
      ...parseMrz(read.lines.join('\n')),
      frame: { protocol: read.protocol, hex: read.raw.toString('hex'), bytes: read.raw.length, receivedAt: read.receivedAt },
      misreads,
    };
  } catch (error) {
    if (error instanceof DeviceError) {
      // A technician needs the bytes that did arrive to tell a wrong protocol from a wrong baud rate.
      const received = Buffer.concat(trace.snapshot().filter((e) => e.direction === 'rx').map((e) => Buffer.from(e.hex.replace(/ /g, ''), 'hex')));
      const hint = protocolHint(received, options.protocol);
      throw new DeviceError(error.code, hint ? `${error.message}; ${hint}` : error.message, { ...error.details, misreads, trace: lastTrace(trace.snapshot()), ...(hint ? { hint } : {}) });
    }
    throw error;
  } finally {
    await reader.close().catch(() => undefined);
  }
}

/**
 * One document from an Access-IS reader in HID vendor mode: the device at `path`, or the first Access-IS
 * data interface node-hid lists. Same output shape as the serial read.
 */
export async function readOneMrzHid(options: { path?: string; timeoutMs?: number; hid?: HidApi }): Promise<ReadMrzOutput> {
  const hid = options.hid ?? nodeHidApi();
  let path = options.path;
  if (!path) {
    const candidates = (await hid.devicesAsync()).filter((d) => normaliseUsbId(d.vendorId) === '0db5' && d.path);
    const data = candidates.find((d) => (d.usagePage ?? 0) >= 0xff00) ?? candidates.find((d) => identify(d.vendorId, d.productId)?.protocol === 'access-is-hid') ?? candidates[0];
    if (!data?.path) throw new DeviceError('DEVICE_NOT_FOUND', 'no Access-IS reader (USB vendor 0db5) in HID mode is connected; on Linux check the hidraw udev rule');
    path = data.path;
  }
  let device: HidDeviceLike;
  try {
    device = await hid.open(path);
  } catch (error) {
    throw openErrorToDeviceError(error, path);
  }
  const trace = new ByteTrace(16 * 1024);
  const reader = new AccessIsHidReader(device, { trace });
  const misreads: ReadMrzOutput['misreads'] = [];
  reader.on('misread', (m) => misreads.push({ reason: m.reason, message: m.message, hex: m.raw.toString('hex') }));
  const timeoutMs = options.timeoutMs ?? 30_000;
  try {
    await reader.enable();
    const read = await new Promise<MrzRead>((resolve, reject) => {
      const timer = setTimeout(() => reject(new DeviceError('DEVICE_TIMEOUT', `no document read within ${Math.round(timeoutMs / 1000)} s`, { misreads, trace: lastTrace(trace.snapshot()) })), timeoutMs);
      reader.once('document', (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      reader.once('close', (reason) => {
        clearTimeout(timer);
        reject(reason ?? new DeviceError('DEVICE_CLOSED', 'the reader was closed'));
      });
    });
    return {
      ...parseMrz(read.lines.join('\n')),
      frame: { protocol: read.protocol, hex: read.raw.toString('hex'), bytes: read.raw.length, receivedAt: read.receivedAt },
      misreads,
    };
  } finally {
    await reader.close().catch(() => undefined);
  }
}

/**
 * When a read fails but bytes did arrive, runs them through the other framers: if one of them finds a
 * document, the reader speaks that protocol. Bytes no framer understands point at the baud rate.
 */
export function protocolHint(received: Buffer, tried: 'cute' | '3m' | 'lines'): string | null {
  if (received.length === 0) return null;
  for (const protocol of ['cute', '3m', 'lines'] as const) {
    if (protocol === tried) continue;
    const framer = framerFor({ protocol });
    const events = [...framer.push(received), ...framer.idle()];
    if (events.some((e) => e.type === 'frame' && e.frame.kind === 'mrz')) return `the bytes received look like ${protocol} frames: try --protocol ${protocol}`;
  }
  const printable = received.filter((b) => (b >= 0x20 && b < 0x7f) || b === 0x0d || b === 0x0a).length / received.length;
  return printable < 0.7 ? `${received.length} bytes arrived but most are not text: check the baud rate (9600, 19200, 38400, 57600, 115200)` : null;
}

function lastTrace(entries: TraceEntry[]): TraceEntry[] {
  return entries.slice(-20);
}

export interface CaptureOutput {
  width: number;
  height: number;
  dpi: number;
  quality: number | null;
  bytes: number;
  out: string;
  source: string;
}

function writePng(image: FingerImage, out: string): CaptureOutput {
  const png = encodeGreyPng(image);
  writeFileSync(out, png);
  return { width: image.width, height: image.height, dpi: image.dpi, quality: image.quality, bytes: png.length, out, source: image.source };
}

export async function captureFingerZfm(options: { port: string; baudRate?: number; out: string; timeoutMs?: number; binding?: BindingInterface }): Promise<CaptureOutput> {
  const transport = await SerialTransport.open({ path: options.port, baudRate: options.baudRate ?? 57600, ...(options.binding ? { binding: options.binding } : {}) });
  const scanner = new ZfmScanner(transport);
  try {
    await scanner.handshake();
    const image = await scanner.captureImage({ timeoutMs: options.timeoutMs ?? 15_000 });
    return writePng(image, options.out);
  } finally {
    await scanner.close().catch(() => undefined);
  }
}

export async function captureFingerSbi(options: { sbiPort?: number; finger: string; out: string; requestedScore?: number; timeoutMs?: number }): Promise<CaptureOutput & { bioSubType: FingerSubType; requestedScore: number | null }> {
  if (!isFingerSubType(options.finger)) {
    throw new DeviceError('DEVICE_CONFIG_INVALID', `--finger must be one of: ${FINGER_SUBTYPES.join(', ')} (got "${options.finger}")`);
  }
  const client = new SbiClient();
  let port = options.sbiPort;
  if (port === undefined) {
    const services = await client.discover({ type: 'Finger' });
    const ready = services.find((s) => s.devices.some((d) => d.deviceStatus === 'Ready'));
    if (!ready) throw new DeviceError('DEVICE_NOT_FOUND', 'no ready SBI fingerprint service on 127.0.0.1:4501–4600 (is the vendor service running?)');
    port = ready.port;
  }
  const result = await client.captureFingers({
    port,
    fingers: [options.finger],
    ...(options.requestedScore !== undefined ? { requestedScore: options.requestedScore } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  const finger = result.fingers[0];
  if (!finger) throw new DeviceError('DEVICE_PROTOCOL_ERROR', 'the SBI service returned no finger');
  if (!finger.image) {
    // Nothing the device sent is lost: the ISO record goes beside the PNG path for the server or a support ticket.
    writeFileSync(`${options.out}.iso`, finger.isoRecord);
    const code = finger.imageError?.code === 'DEVICE_PROTOCOL_ERROR' ? 'DEVICE_PROTOCOL_ERROR' : 'DEVICE_UNSUPPORTED';
    const why = finger.imageError?.message ?? `the device sent a ${finger.compression} image`;
    throw new DeviceError(code, `${why}; no PNG was written, the ISO record was saved to ${options.out}.iso`, { compression: finger.compression, iso: `${options.out}.iso` });
  }
  return { ...writePng(finger.image, options.out), bioSubType: finger.bioSubType, requestedScore: finger.requestedScore };
}

/** Finds the baud rate of a ZFM/R30x/R503 module: handshake at each common rate, the default first. */
export async function probeZfm(options: { port: string; binding?: BindingInterface; baudRates?: number[] }): Promise<{ baudRate: number; parameters: ZfmSystemParameters } | null> {
  for (const baudRate of options.baudRates ?? [57600, 115200, 9600, 19200, 38400]) {
    const transport = await SerialTransport.open({ path: options.port, baudRate, ...(options.binding ? { binding: options.binding } : {}) });
    const scanner = new ZfmScanner(transport, { commandTimeoutMs: 800 });
    try {
      return { baudRate, parameters: await scanner.handshake() };
    } catch (error) {
      // A wrong password is an answer: the module is here at this rate.
      if (error instanceof DeviceError && error.code === 'DEVICE_REJECTED') throw error;
    } finally {
      await scanner.close().catch(() => undefined);
    }
  }
  return null;
}

export type EmulatorKind = 'cute' | '3m' | 'lines' | 'zfm' | 'sbi';

export interface RunningEmulator {
  kind: EmulatorKind;
  fault: FaultMode;
  /** Where a driver connects: the host end of the PTY pair. */
  path?: string;
  /** The SBI port. */
  port?: number;
  baudRate?: number;
  /** Resolves when the emulator has stopped (by `stop()` or by its `unplug` fault). */
  stopped: Promise<void>;
  stop(): Promise<void>;
}

export async function startEmulator(kind: EmulatorKind, options: { fault?: FaultMode; sbiPort?: number; intervalMs?: number; seed?: number; imageFormat?: SbiImageFormat } = {}): Promise<RunningEmulator> {
  const fault = options.fault ?? 'none';
  if (kind === 'sbi') {
    const seed = { ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(options.imageFormat !== undefined ? { imageFormat: options.imageFormat } : {}) };
    // By default in the SBI range, so that discovery (`capture-finger --sbi` without a port) finds it.
    const sbi = options.sbiPort !== undefined ? await startSbiEmulator({ fault, port: options.sbiPort, ...seed }) : await startSbiEmulatorInRange({ fault, ...seed });
    let done!: () => void;
    const stopped = new Promise<void>((resolve) => (done = resolve));
    return {
      kind,
      fault,
      port: sbi.port,
      stopped,
      stop: async () => {
        await sbi.close();
        done();
      },
    };
  }
  const pair = await openPtyPair();
  const baudRate = kind === 'zfm' ? 57600 : 9600;
  const device = await SerialTransport.open({ path: pair.devicePath, baudRate });
  const emulator =
    kind === 'zfm'
      ? startZfmEmulator({ transport: device, fault, unplug: () => pair.close(), ...(options.seed !== undefined ? { seed: options.seed } : {}) })
      : startMrzEmulator({ protocol: kind, transport: device, fault, nextDocument: syntheticDocuments(options.seed ?? 1), intervalMs: options.intervalMs ?? 1500, unplug: () => pair.close() });
  let done!: () => void;
  const stopped = new Promise<void>((resolve) => (done = resolve));
  const stop = async () => {
    emulator.stop();
    await device.close().catch(() => undefined);
    await pair.close();
    done();
  };
  device.on('close', (reason) => {
    if (reason) void stop();
  });
  return { kind, fault, path: pair.hostPath, baudRate, stopped, stop };
}

export interface ConfigCheckReport {
  valid: true;
  devices: { id: string; role: string; status: string; error?: { code: string; message: string }; documents: number; misreads: number }[];
}

/**
 * Opens a station configuration as the post runtime would, for `waitMs`, and reports each device:
 * open or offline (with the error), and how many documents and misreads arrived meanwhile. What a
 * technician runs before leaving the post.
 */
export async function checkStationConfig(config: unknown, options: { waitMs?: number; serialBinding?: BindingInterface } = {}): Promise<ConfigCheckReport> {
  const manager = new DeviceManager(config, { ...(options.serialBinding ? { serialBinding: options.serialBinding } : {}), reopenIntervalMs: 60_000 });
  const counts = new Map<string, { documents: number; misreads: number }>(manager.deviceIds.map((id) => [id, { documents: 0, misreads: 0 }]));
  const errors = new Map<string, { code: string; message: string }>();
  manager.on('document', ({ deviceId }) => counts.get(deviceId)!.documents++);
  manager.on('misread', ({ deviceId }) => counts.get(deviceId)!.misreads++);
  manager.on('status', ({ deviceId, status, error }) => {
    if (status === 'offline' && error) errors.set(deviceId, error);
    else errors.delete(deviceId);
  });
  try {
    await manager.start();
    await new Promise((resolve) => setTimeout(resolve, options.waitMs ?? 3000));
    return {
      valid: true,
      devices: manager.health().map((h, i) => ({
        id: h.id,
        role: manager.config.devices[i]!.role,
        status: errors.has(h.id) ? 'offline' : h.status === 'unknown' ? 'open' : h.status,
        ...(errors.has(h.id) ? { error: errors.get(h.id)! } : {}),
        ...counts.get(h.id)!,
      })),
    };
  } finally {
    await manager.stop();
  }
}

/** Streams plug/unplug notices: first what is present, then what is added or removed, until `signal` aborts. */
export async function watchDevices(
  onEvent: (event: { event: 'present' | 'added' | 'removed'; device: EnumeratedDevice; at: string }) => void,
  options: { intervalMs?: number; signal: AbortSignal; enumerate?: EnumerateOptions },
): Promise<void> {
  const watcher = new DeviceWatcher(async () => (await enumerateDevices(options.enumerate ?? { sbi: null })).devices);
  const at = () => new Date().toISOString();
  watcher.on('added', (device) => onEvent({ event: 'added', device, at: at() }));
  watcher.on('removed', (device) => onEvent({ event: 'removed', device, at: at() }));
  await watcher.start(options.intervalMs ?? 2000);
  for (const device of watcher.devices) onEvent({ event: 'present', device, at: at() });
  if (!options.signal.aborted) await new Promise((resolve) => options.signal.addEventListener('abort', resolve, { once: true }));
  watcher.stop();
}
