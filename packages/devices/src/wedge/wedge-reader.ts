import { DeviceError } from '../errors';
import { TypedEmitter } from '../events';
import type { ByteTrace } from '../trace';
import type { HidDeviceLike } from '../transport/hid';
import { BootKeyboardDecoder } from './boot-keyboard';
import { looksLikeMrz } from './burst';
import type { LayoutName } from './layouts';

export interface WedgeRead {
  protocol: 'wedge';
  lines: string[];
  text: string;
  layout: LayoutName;
  /** Every check digit passes. An untrusted read is shown to the officer to retype, never used as is. */
  trusted: boolean;
  /** When the configured layout fails, the layout under which the check digits pass, if any. */
  suggestedLayout: LayoutName | null;
  raw: Buffer;
}

export type WedgeReaderEvents = {
  document: (read: WedgeRead) => void;
  close: (reason: DeviceError | null) => void;
};

/**
 * A keyboard-wedge reader read as HID boot-keyboard reports (Linux hidraw with a udev rule; macOS
 * `nonExclusive`). Keystrokes are decoded with the host layout the reader was set up for; a document
 * ends after a pause. Check digits decide trust, and when they fail the other layouts are tried so a
 * technician learns that the reader and the host disagree on the layout.
 */
export class WedgeReader extends TypedEmitter<WedgeReaderEvents> {
  private reports: Buffer[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly device: HidDeviceLike,
    private readonly options: { layout: LayoutName; validate: (lines: string[]) => boolean; idleMs?: number; trace?: ByteTrace },
  ) {
    super();
    device.on('data', this.onReport);
    device.on('error', this.onError);
  }

  async close(): Promise<void> {
    this.finish(null);
  }

  private readonly onReport = (report: Buffer): void => {
    this.options.trace?.rx(report);
    this.reports.push(Buffer.from(report));
    clearTimeout(this.timer);
    // An MRZ is under 100 keystrokes (200 reports); a stuck key or a flood must not grow memory.
    if (this.reports.length >= 2000) return this.endDocument();
    this.timer = setTimeout(() => this.endDocument(), this.options.idleMs ?? 100);
  };

  private endDocument(): void {
    const reports = this.reports;
    this.reports = [];
    const decode = (layout: LayoutName) => {
      const decoder = new BootKeyboardDecoder(layout);
      const text = reports.map((r) => decoder.push(r)).join('');
      const lines = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
      return { text, lines, trusted: looksLikeMrz(lines) && this.options.validate(lines) };
    };
    const chosen = decode(this.options.layout);
    if (chosen.lines.length === 0) return;
    let suggestedLayout: LayoutName | null = null;
    if (!chosen.trusted) {
      for (const other of ['us', 'fr', 'de'] as const) {
        if (other !== this.options.layout && decode(other).trusted) {
          suggestedLayout = other;
          break;
        }
      }
    }
    this.emit('document', { protocol: 'wedge', ...chosen, layout: this.options.layout, suggestedLayout, raw: Buffer.concat(reports) });
  }

  private readonly onError = (error: Error): void => {
    this.finish(new DeviceError('DEVICE_DISCONNECTED', `keyboard-wedge reader went away: ${error.message}`, undefined, { cause: error }));
  };

  private finish(reason: DeviceError | null): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    if (this.reports.length > 0) this.endDocument();
    this.device.removeListener('data', this.onReport);
    this.device.removeListener('error', this.onError);
    void Promise.resolve()
      .then(() => this.device.close())
      .catch(() => undefined);
    this.emit('close', reason);
  }
}
