import type { DeviceError } from '../errors';
import type { TypedEmitter } from '../events';

export type TransportEvents = {
  /** Bytes from the device, as they arrive. */
  data: (bytes: Buffer) => void;
  /** The link closed: `null` when we closed it, an error (DEVICE_DISCONNECTED) when it went away. */
  close: (reason: DeviceError | null) => void;
};

/**
 * A byte pipe to one device. Drivers depend on this, never on serialport or node-hid directly, so
 * the same driver runs over a real port, serialport's mock binding, a PTY emulator or a test fake.
 */
export interface ByteTransport extends Pick<TypedEmitter<TransportEvents>, 'on' | 'once' | 'off'> {
  readonly description: string;
  readonly isOpen: boolean;
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** Changes the line speed of an open link (serial ports); absent where speed means nothing. */
  setBaudRate?(baudRate: number): Promise<void>;
}
