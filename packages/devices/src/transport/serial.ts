import { existsSync } from 'node:fs';
import type * as BindingsCpp from '@serialport/bindings-cpp';
import type { BindingInterface } from '@serialport/bindings-interface';
import { SerialPortStream } from '@serialport/stream';
import { DeviceError, openErrorToDeviceError } from '../errors';
import { TypedEmitter } from '../events';
import type { ByteTrace } from '../trace';
import type { ByteTransport, TransportEvents } from './types';

export interface SerialOptions {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  stopBits?: 1 | 1.5 | 2;
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  rtscts?: boolean;
  /** serialport binding; defaults to the platform binding. Tests pass `MockBinding`. */
  binding?: BindingInterface;
  trace?: ByteTrace;
  /**
   * How often to check that a `/dev/…` path still exists (0 = never). serialport only notices a
   * vanished device when a read fails, and an idle port may never read: a USB adapter pulled while
   * idle, or a socat peer that exited, would otherwise go unnoticed until the next write.
   */
  presenceCheckMs?: number;
}

/** A serial port as a ByteTransport. Every open failure and disconnect becomes a DeviceError. */
export class SerialTransport extends TypedEmitter<TransportEvents> implements ByteTransport {
  private closedByUs = false;
  private closed = false;
  private presenceTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly port: SerialPortStream,
    readonly description: string,
    private readonly trace: ByteTrace | undefined,
    presence: { path: string; everyMs: number } | undefined,
  ) {
    super();
    if (presence && presence.everyMs > 0) {
      this.presenceTimer = setInterval(() => {
        if (!existsSync(presence.path)) this.finish(this.disconnected(new Error(`${presence.path} no longer exists`)));
      }, presence.everyMs);
      this.presenceTimer.unref();
    }
    port.on('data', (bytes: Buffer) => {
      this.trace?.rx(bytes);
      this.emit('data', bytes);
    });
    // serialport emits 'error' for read failures (EIO when a USB adapter or a PTY peer goes away)
    // and then, or instead, 'close' with a DisconnectedError. Both end this transport once.
    port.on('error', (error: Error) => this.finish(this.disconnected(error)));
    port.on('close', (error?: Error | null) => this.finish(this.closedByUs ? null : this.disconnected(error ?? undefined)));
  }

  static open(options: SerialOptions): Promise<SerialTransport> {
    const binding = options.binding ?? platformBinding();
    return new Promise((resolve, reject) => {
      let port: SerialPortStream;
      try {
        port = new SerialPortStream({
          binding,
          path: options.path,
          baudRate: options.baudRate,
          dataBits: options.dataBits ?? 8,
          stopBits: options.stopBits ?? 1,
          parity: options.parity ?? 'none',
          rtscts: options.rtscts ?? false,
          autoOpen: false,
        });
      } catch (error) {
        reject(new DeviceError('DEVICE_CONFIG_INVALID', `invalid serial options for ${options.path}: ${(error as Error).message}`));
        return;
      }
      port.open((error) => {
        if (error) {
          reject(openErrorToDeviceError(error, options.path));
          return;
        }
        options.trace?.note(`open ${options.path} ${options.baudRate} baud`);
        const watchPath = options.binding === undefined && options.path.startsWith('/dev/');
        const presence = watchPath ? { path: options.path, everyMs: options.presenceCheckMs ?? 500 } : undefined;
        resolve(new SerialTransport(port, `serial:${options.path}@${options.baudRate}`, options.trace, presence));
      });
    });
  }

  get isOpen(): boolean {
    return !this.closed && this.port.isOpen;
  }

  write(bytes: Uint8Array): Promise<void> {
    if (!this.isOpen) return Promise.reject(new DeviceError('DEVICE_CLOSED', `${this.description} is closed`));
    this.trace?.tx(bytes);
    return new Promise((resolve, reject) => {
      this.port.write(Buffer.from(bytes), (error) => {
        if (error) reject(this.disconnected(error));
        else this.port.drain(() => resolve());
      });
    });
  }

  setBaudRate(baudRate: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.port.update({ baudRate }, (error) => (error ? reject(new DeviceError('DEVICE_CONFIG_INVALID', `cannot set ${baudRate} baud: ${error.message}`)) : resolve()));
    });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closedByUs = true;
    return new Promise((resolve) => {
      if (!this.port.isOpen) {
        this.finish(null);
        resolve();
        return;
      }
      this.port.close(() => {
        this.finish(null);
        resolve();
      });
    });
  }

  private disconnected(error?: Error): DeviceError {
    return new DeviceError('DEVICE_DISCONNECTED', `${this.description} went away${error ? `: ${error.message}` : ''}`, undefined, { cause: error });
  }

  private finish(reason: DeviceError | null): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.presenceTimer);
    this.trace?.note(reason ? `closed: ${reason.message}` : 'closed');
    this.emit('close', reason);
    if (this.port.isOpen && !this.closedByUs) this.port.close(() => undefined);
  }
}

/** The native binding, loaded on first use so that importing this package loads no native module. */
function platformBinding(): BindingInterface {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load of the native binding
  return (require('@serialport/bindings-cpp') as typeof BindingsCpp).autoDetect() as BindingInterface;
}
