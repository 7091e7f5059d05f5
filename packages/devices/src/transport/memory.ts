import { DeviceError } from '../errors';
import { TypedEmitter } from '../events';
import type { ByteTransport, TransportEvents } from './types';

/**
 * An in-memory transport for unit tests of drivers: `deviceSends` plays bytes from the device,
 * `written` records what the driver sent, `unplug` simulates the cable being pulled, and `onWrite`
 * lets a test script replies (a tiny device model).
 */
export class MemoryTransport extends TypedEmitter<TransportEvents> implements ByteTransport {
  readonly description = 'memory';
  readonly written: Buffer[] = [];
  onWrite: ((bytes: Buffer) => void) | undefined;
  /** Set by a test to observe line-speed changes. */
  setBaudRate?: (baudRate: number) => Promise<void>;
  private open = true;

  get isOpen(): boolean {
    return this.open;
  }

  deviceSends(bytes: Uint8Array | string): void {
    if (!this.open) return;
    this.emit('data', typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes));
  }

  unplug(): void {
    if (!this.open) return;
    this.open = false;
    this.emit('close', new DeviceError('DEVICE_DISCONNECTED', 'memory transport unplugged'));
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.open) throw new DeviceError('DEVICE_CLOSED', 'memory transport is closed');
    const copy = Buffer.from(bytes);
    this.written.push(copy);
    // Replies arrive asynchronously, as from a real device.
    queueMicrotask(() => this.onWrite?.(copy));
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    this.emit('close', null);
  }
}

/** Two cross-wired in-memory transports: what one end writes, the other receives (a null-modem cable). */
export function createMemoryLink(): { host: MemoryTransport; device: MemoryTransport; unplug: () => void } {
  const host = new MemoryTransport();
  const device = new MemoryTransport();
  host.onWrite = (bytes) => device.deviceSends(bytes);
  device.onWrite = (bytes) => host.deviceSends(bytes);
  return {
    host,
    device,
    unplug: () => {
      host.unplug();
      device.unplug();
    },
  };
}
