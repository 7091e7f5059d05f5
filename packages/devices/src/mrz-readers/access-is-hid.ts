import { toHex } from '../bytes';
import { DeviceError } from '../errors';
import { TypedEmitter } from '../events';
import { CuteFramer, type CuteFraming, DEFAULT_CUTE_FRAMING, encodeCuteMrz } from '../framing/cute';
import type { ByteTrace } from '../trace';
import type { HidDeviceLike } from '../transport/hid';
import type { MrzReaderEvents } from './reader';

/** Access-IS / HID Global USB vendor id; 0x0483 (ST Micro) appears on some older units. */
export const ACCESS_IS_VENDOR_ID = 0x0db5;

/** Bit 7 of the length byte is a "CTS" flag, not part of the length. */
const LENGTH_MASK = 0x7f;

export interface AccessIsHidOptions {
  framing?: CuteFraming;
  /** First byte of the enable/disable output report (node-hid report id / endpoint index). */
  reportId?: number;
  trace?: ByteTrace;
}

/**
 * Access-IS OCR3xx readers in HID vendor mode. Each input report is `[len|flag, payload…, 0…]`; the
 * payloads concatenate into the same CUTE frames as the serial mode (`1C 02 … 03 1D`). Reading is
 * switched on with the output report `[reportId, 0x80]` and off with `[reportId, 0x00]`.
 */
export class AccessIsHidReader extends TypedEmitter<MrzReaderEvents> {
  private readonly framer: CuteFramer;
  private closed = false;
  readonly stats = { documents: 0, misreads: 0 };

  constructor(
    private readonly device: HidDeviceLike,
    private readonly options: AccessIsHidOptions = {},
  ) {
    super();
    this.framer = new CuteFramer(options.framing ?? DEFAULT_CUTE_FRAMING);
    device.on('data', this.onReport);
    device.on('error', this.onError);
  }

  /** Sends the enable command so the reader starts reporting documents. */
  async enable(on = true): Promise<void> {
    const report = [this.options.reportId ?? 0x00, on ? 0x80 : 0x00];
    this.options.trace?.tx(Buffer.from(report));
    try {
      await this.device.write(report);
    } catch (error) {
      throw new DeviceError('DEVICE_DISCONNECTED', `cannot send the enable command: ${(error as Error).message}`, undefined, { cause: error });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.enable(false);
    } catch {
      // Already gone: nothing to switch off.
    }
    this.finish(null);
  }

  private readonly onReport = (report: Buffer): void => {
    this.options.trace?.rx(report);
    if (report.length === 0) return;
    const length = report[0]! & LENGTH_MASK;
    if (length > report.length - 1) {
      this.stats.misreads += 1;
      this.emit('misread', { reason: 'malformed', message: `report claims ${length} byte(s) but carries ${report.length - 1}`, raw: Buffer.from(report) });
      return;
    }
    for (const event of this.framer.push(report.subarray(1, 1 + length))) {
      if (event.type === 'misread') {
        this.stats.misreads += 1;
        this.emit('misread', event.misread);
      } else if (event.frame.kind === 'mrz') {
        this.stats.documents += 1;
        this.emit('document', {
          protocol: 'access-is-hid',
          lines: event.frame.lines,
          raw: event.frame.raw,
          rawHex: toHex(event.frame.raw),
          receivedAt: new Date().toISOString(),
        });
      } else {
        this.emit('otherFrame', event.frame);
      }
    }
  };

  private readonly onError = (error: Error): void => {
    for (const event of this.framer.idle()) if (event.type === 'misread') this.emit('misread', event.misread);
    this.finish(new DeviceError('DEVICE_DISCONNECTED', `HID reader went away: ${error.message}`, undefined, { cause: error }));
  };

  private finish(reason: DeviceError | null): void {
    if (this.closed) return;
    this.closed = true;
    this.device.removeListener('data', this.onReport as never);
    this.device.removeListener('error', this.onError as never);
    void Promise.resolve()
      .then(() => this.device.close())
      .catch(() => undefined);
    this.emit('close', reason);
  }
}

/** Splits bytes into Access-IS input reports of `reportSize` bytes (`[len|flag, data…, 0-padding]`). */
export function toAccessIsReports(bytes: Uint8Array, reportSize = 64, flag = false): Buffer[] {
  const reports: Buffer[] = [];
  const perReport = Math.min(reportSize - 1, LENGTH_MASK);
  for (let offset = 0; offset < bytes.length; offset += perReport) {
    const chunk = bytes.subarray(offset, offset + perReport);
    const report = Buffer.alloc(reportSize);
    report[0] = chunk.length | (flag ? 0x80 : 0);
    Buffer.from(chunk).copy(report, 1);
    reports.push(report);
  }
  return reports;
}

/** Reports a reader sends for one MRZ swipe; used by the fake and tests. */
export function accessIsMrzReports(lines: string[], reportSize = 64): Buffer[] {
  return toAccessIsReports(encodeCuteMrz(lines), reportSize, true);
}
