import { EventEmitter } from 'node:events';
import type { HidDeviceLike } from './hid';

/**
 * A fake HID device: `play` emits recorded input reports (as node-hid would), `written` keeps the
 * output reports the driver sent, `fail` emits an error as when the device is unplugged.
 */
export class FakeHidDevice extends EventEmitter implements HidDeviceLike {
  readonly written: number[][] = [];
  closed = false;

  write(data: number[] | Buffer): number {
    if (this.closed) throw new Error('could not write to HID device: device closed');
    this.written.push(Array.from(data));
    return data.length;
  }

  close(): void {
    this.closed = true;
  }

  play(reports: Iterable<Uint8Array | number[]>): void {
    for (const report of reports) this.emit('data', Buffer.from(report));
  }

  fail(message = 'could not read from HID device'): void {
    this.emit('error', new Error(message));
  }
}
