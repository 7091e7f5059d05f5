import type { BindingInterface } from '@serialport/bindings-interface';
import { parseMrz, type MrzResult } from '@borderpost/mrz';
import { DeviceError } from '../errors';
import { TypedEmitter } from '../events';
import type { FingerImage } from '../fingerprint/image';
import { ZfmScanner } from '../fingerprint/zfm';
import type { Misread } from '../framing/types';
import { AccessIsHidReader } from '../mrz-readers/access-is-hid';
import { MrzReader, type MrzRead } from '../mrz-readers/reader';
import { SbiClient } from '../sbi/client';
import type { FingerSubType } from '../sbi/types';
import { ByteTrace, type TraceEntry } from '../trace';
import { type HidApi, nodeHidApi } from '../transport/hid';
import { SerialTransport } from '../transport/serial';
import { type DeviceEntry, type StationDeviceConfig, validateStationConfig } from './config';
import { type DeviceHealth, HealthTracker } from './health';
import { normaliseUsbId } from './known';

export type DeviceManagerEvents = {
  /** A document read by the station's MRZ reader, parsed by @borderpost/mrz. */
  document: (event: { deviceId: string; read: MrzRead; parsed: MrzResult }) => void;
  misread: (event: { deviceId: string; misread: Misread }) => void;
  /** A configured device came up or went away (unplugged, reopened after replug). */
  status: (event: { deviceId: string; status: 'open' | 'offline'; error?: { code: string; message: string } }) => void;
};

interface Slot {
  id: string;
  entry: DeviceEntry;
  trace: ByteTrace;
  close?: () => Promise<void>;
  zfm?: ZfmScanner;
  open: boolean;
}

export interface DeviceManagerOptions {
  serialBinding?: BindingInterface;
  hid?: HidApi;
  sbiClient?: SbiClient;
  /** How often offline devices are retried (a replugged reader comes back by itself). */
  reopenIntervalMs?: number;
  traceBytes?: number;
}

/**
 * The station's devices as one object for the post runtime: opens what the station configuration names,
 * turns reads into parsed documents, tracks health, keeps a raw trace per device, and reopens a device
 * that was unplugged once it is back.
 */
export class DeviceManager extends TypedEmitter<DeviceManagerEvents> {
  readonly config: StationDeviceConfig;
  private readonly slots: Slot[];
  private readonly healthTracker = new HealthTracker();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    config: unknown,
    private readonly options: DeviceManagerOptions = {},
  ) {
    super();
    this.config = validateStationConfig(config);
    this.slots = this.config.devices.map((entry, i) => ({ id: deviceId(entry, i), entry, trace: new ByteTrace(options.traceBytes ?? 64 * 1024), open: false }));
  }

  /** Opens every device it can; the others are retried every `reopenIntervalMs`. Never throws for a device fault. */
  async start(): Promise<void> {
    this.stopped = false;
    await Promise.all(this.slots.map((slot) => this.openSlot(slot)));
    this.timer = setInterval(() => {
      for (const slot of this.slots) if (!slot.open) void this.openSlot(slot);
    }, this.options.reopenIntervalMs ?? 3000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.all(this.slots.map((slot) => slot.close?.().catch(() => undefined)));
  }

  health(): DeviceHealth[] {
    const known = new Map(this.healthTracker.report().map((h) => [h.id, h]));
    return this.slots.map(
      (slot) => known.get(slot.id) ?? { id: slot.id, status: slot.open ? 'ok' : 'unknown', successes: 0, failures: 0, lastSuccessAt: null, lastFailure: null },
    );
  }

  trace(id: string): TraceEntry[] {
    return this.slots.find((slot) => slot.id === id)?.trace.snapshot() ?? [];
  }

  get deviceIds(): string[] {
    return this.slots.map((slot) => slot.id);
  }

  /** Captures one finger with the station's fingerprint device (ZFM module or SBI service). */
  async captureFinger(
    finger: FingerSubType,
    options: { timeoutMs?: number; requestedScore?: number; onWaitingForFinger?: () => void } = {},
  ): Promise<FingerImage> {
    const slot = this.slots.find((s) => s.entry.role === 'fingerprint');
    if (!slot) throw new DeviceError('DEVICE_CONFIG_INVALID', 'this station has no fingerprint device configured');
    try {
      let image: FingerImage;
      if (slot.entry.transport === 'sbi') {
        const client = this.options.sbiClient ?? new SbiClient();
        const port = slot.entry.sbiPort ?? (await client.discover({ type: 'Finger' }))[0]?.port;
        if (port === undefined) throw new DeviceError('DEVICE_NOT_FOUND', 'no SBI fingerprint service is running');
        const result = await client.captureFingers({
          port,
          fingers: [finger],
          requestedScore: options.requestedScore ?? slot.entry.requestedScore ?? 40,
          ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        });
        const captured = result.fingers[0];
        if (!captured) throw new DeviceError('DEVICE_PROTOCOL_ERROR', 'the SBI service returned no finger');
        if (!captured.image) {
          const code = captured.imageError?.code === 'DEVICE_PROTOCOL_ERROR' ? 'DEVICE_PROTOCOL_ERROR' : 'DEVICE_UNSUPPORTED';
          throw new DeviceError(code, captured.imageError?.message ?? `the SBI device sent a ${captured.compression} image`, { compression: captured.compression });
        }
        image = captured.image;
      } else {
        if (!slot.zfm || !slot.open) throw new DeviceError('DEVICE_NOT_FOUND', `the fingerprint module ${slot.id} is not connected`);
        const scanner = slot.zfm;
        const waiting = () => options.onWaitingForFinger?.();
        scanner.on('waitingForFinger', waiting);
        try {
          image = await scanner.captureImage(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {});
        } finally {
          scanner.off('waitingForFinger', waiting);
        }
      }
      this.healthTracker.success(slot.id);
      return image;
    } catch (error) {
      if (error instanceof DeviceError) this.healthTracker.failure(slot.id, error);
      throw error;
    }
  }

  private async openSlot(slot: Slot): Promise<void> {
    if (this.stopped || slot.open) return;
    const entry = slot.entry;
    try {
      if (entry.transport === 'serial') {
        const transport = await SerialTransport.open({
          path: entry.port,
          baudRate: entry.baudRate,
          trace: slot.trace,
          ...(this.options.serialBinding ? { binding: this.options.serialBinding } : {}),
        });
        if (entry.role === 'mrz') {
          const reader = new MrzReader(transport, {
            protocol: entry.protocol,
            trace: slot.trace,
            ...(entry.framing ? { cuteFraming: { mrz: entry.framing } } : {}),
            ...(entry.interByteTimeoutMs ? { interByteTimeoutMs: entry.interByteTimeoutMs } : {}),
          });
          this.wireReader(slot, reader);
          slot.close = () => reader.close();
        } else {
          const scanner = new ZfmScanner(transport, { trace: slot.trace, ...(entry.password !== undefined ? { password: entry.password } : {}) });
          scanner.on('close', (reason) => this.wentAway(slot, reason));
          slot.zfm = scanner;
          slot.close = () => scanner.close();
          await scanner.handshake();
        }
      } else if (entry.transport === 'hid') {
        const hid = this.options.hid ?? nodeHidApi();
        const path = entry.path ?? (await hid.devicesAsync()).find((d) => normaliseUsbId(d.vendorId) === entry.vendorId && normaliseUsbId(d.productId) === entry.productId)?.path;
        if (!path) throw new DeviceError('DEVICE_NOT_FOUND', `no HID device ${entry.vendorId}:${entry.productId}`);
        const reader = new AccessIsHidReader(await hid.open(path), { trace: slot.trace });
        this.wireReader(slot, reader);
        slot.close = () => reader.close();
        await reader.enable();
      } else {
        // SBI services are called per capture; keyboard wedges are read by the UI's burst detector.
      }
      slot.open = true;
      this.reported.delete(slot.id);
      slot.trace.note('device open');
      this.emit('status', { deviceId: slot.id, status: 'open' });
    } catch (error) {
      const deviceError = error instanceof DeviceError ? error : new DeviceError('DEVICE_OPEN_FAILED', String(error));
      await slot.close?.().catch(() => undefined);
      this.wentAway(slot, deviceError);
    }
  }

  private wireReader(slot: Slot, reader: MrzReader | AccessIsHidReader): void {
    reader.on('document', (read) => {
      this.healthTracker.success(slot.id);
      this.emit('document', { deviceId: slot.id, read, parsed: parseMrz(read.lines.join('\n')) });
    });
    reader.on('misread', (misread) => {
      this.healthTracker.failure(slot.id, { code: 'DEVICE_PROTOCOL_ERROR', message: `misread: ${misread.message}` });
      this.emit('misread', { deviceId: slot.id, misread });
    });
    reader.on('close', (reason) => this.wentAway(slot, reason));
  }

  private wentAway(slot: Slot, reason: DeviceError | null): void {
    const wasOpen = slot.open;
    slot.open = false;
    slot.zfm = undefined;
    if (!reason || this.stopped) return;
    this.healthTracker.failure(slot.id, reason);
    slot.trace.note(`offline: ${reason.code} ${reason.message}`);
    // Report each transition once, not every failed reopen attempt.
    if (wasOpen || !this.reported.has(slot.id)) {
      this.reported.add(slot.id);
      this.emit('status', { deviceId: slot.id, status: 'offline', error: { code: reason.code, message: reason.message } });
    }
  }

  private readonly reported = new Set<string>();
}

function deviceId(entry: DeviceEntry, index: number): string {
  const where = entry.transport === 'serial' ? entry.port : entry.transport === 'hid' ? `${entry.vendorId}:${entry.productId}` : entry.transport === 'sbi' ? `sbi${entry.sbiPort ? `:${entry.sbiPort}` : ''}` : entry.layout;
  return `${entry.role}:${entry.protocol}:${where}#${index}`;
}
