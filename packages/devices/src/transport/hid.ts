import type * as NodeHid from 'node-hid';
/**
 * The slice of node-hid's `HIDAsync` that drivers use, so a fake replaying recorded reports can stand
 * in for a reader (node-hid needs hardware; the fake needs nothing).
 */
export interface HidDeviceLike {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- matches EventEmitter's signature
  removeListener(event: 'data' | 'error', listener: (...args: any[]) => void): unknown;
  write(data: number[] | Buffer): Promise<number> | number;
  close(): Promise<void> | void;
}

export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string;
  serialNumber?: string;
  manufacturer?: string;
  product?: string;
  release?: number;
  interface?: number;
  usagePage?: number;
  usage?: number;
}

/** The slice of node-hid's module used for enumeration and opening. */
export interface HidApi {
  devicesAsync(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidDeviceLike>;
}

type NodeHidModule = typeof NodeHid;

/** The real node-hid, loaded lazily so that importing this package never loads a native module. */
export function nodeHidApi(): HidApi {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy native load: only when HID is actually used
  const HID = require('node-hid') as NodeHidModule;
  return {
    devicesAsync: () => HID.devicesAsync(),
    open: async (path: string) => (await HID.HIDAsync.open(path)) as unknown as HidDeviceLike,
  };
}
