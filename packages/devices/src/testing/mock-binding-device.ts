import type { MockPortBinding } from '@serialport/binding-mock';
import { DeviceError } from '../errors';
import { TypedEmitter } from '../events';
import type { SerialTransport } from '../transport/serial';
import type { ByteTransport, TransportEvents } from '../transport/types';

/**
 * The device side of a serialport `MockBinding` port, as a ByteTransport an emulator can drive: what
 * the driver writes through the real SerialPortStream arrives here, what the emulator writes is
 * emitted by the binding as received data. `unplug` fails the binding's pending read, which is how
 * serialport learns that a device went away.
 */
export class MockBindingDevice extends TypedEmitter<TransportEvents> implements ByteTransport {
  readonly description = 'mock-binding device side';
  private open = true;

  constructor(private readonly binding: MockPortBinding) {
    super();
    const write = binding.write.bind(binding);
    binding.write = async (buffer: Buffer) => {
      await write(buffer);
      const copy = Buffer.from(buffer);
      setImmediate(() => this.open && this.emit('data', copy));
    };
  }

  static of(host: SerialTransport): MockBindingDevice {
    return new MockBindingDevice((host as unknown as { port: { port: MockPortBinding } }).port.port);
  }

  get isOpen(): boolean {
    return this.open && this.binding.isOpen;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.isOpen) throw new DeviceError('DEVICE_CLOSED', 'mock device closed');
    this.binding.emitData(Buffer.from(bytes));
  }

  async unplug(): Promise<void> {
    const internals = this.binding as unknown as { pendingRead: ((error: Error) => void) | null };
    for (let i = 0; i < 100 && !internals.pendingRead; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    this.open = false;
    internals.pendingRead?.(new Error('EIO: input/output error (device unplugged)'));
    this.emit('close', new DeviceError('DEVICE_DISCONNECTED', 'unplugged'));
  }

  async close(): Promise<void> {
    this.open = false;
  }
}
