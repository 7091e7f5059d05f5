import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockBinding } from '@serialport/binding-mock';
import { startSbiEmulator } from '../sbi/emulator';
import { SbiClient } from '../sbi/client';
import { DeviceError } from '../errors';
import { enumerateDevices, type EnumeratedDevice, listSerialPorts } from './enumerate';
import { validateStationConfig } from './config';
import { HealthTracker } from './health';
import { identify } from './known';
import { DeviceWatcher } from './watch';

describe('known devices', () => {
  it('names devices by VID/PID, falling back to the vendor', () => {
    expect(identify('0DB5', '0x013e')).toMatchObject({ role: 'mrz', protocol: 'access-is-hid' });
    expect(identify(0x0db5, 0x9999)).toMatchObject({ name: 'Access-IS / HID Global document reader' });
    expect(identify('1a86', '7523')).toMatchObject({ role: 'usb-serial-bridge', protocol: 'zfm' });
    expect(identify('dead', 'beef')).toBeUndefined();
  });
});

describe('enumeration', () => {
  afterEach(() => MockBinding.reset());

  it('lists serial ports from serialport, HID devices and SBI services together', async () => {
    MockBinding.createPort('/dev/ttyACM0', { vendorId: '0db5', productId: '0137', manufacturer: 'Access IS' });
    const sbi = await startSbiEmulator();
    try {
      const result = await enumerateDevices({
        serialBinding: MockBinding,
        hid: { devicesAsync: async () => [{ vendorId: 0x0db5, productId: 0x0120, path: '/dev/hidraw3', product: 'OCR315' }], open: async () => { throw new Error('unused'); } },
        sbi: { client: new SbiClient(), range: { from: sbi.port, to: sbi.port } },
      });
      expect(result.devices.map((d) => [d.kind, d.path, d.known?.role])).toEqual([
        ['serial', '/dev/ttyACM0', 'mrz'],
        ['hid', '/dev/hidraw3', 'mrz'],
        ['sbi', String(sbi.port), 'fingerprint'],
      ]);
    } finally {
      await sbi.close();
    }
  });

  it('reads /sys/class/tty when serialport cannot list (no udevadm), with USB ids from the parent device', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bp-sysfs-'));
    try {
      const usb = join(root, 'devices', 'usb1', '1-1');
      const iface = join(usb, '1-1:1.0', 'ttyUSB0');
      mkdirSync(iface, { recursive: true });
      writeFileSync(join(usb, 'idVendor'), '1a86\n');
      writeFileSync(join(usb, 'idProduct'), '7523\n');
      writeFileSync(join(usb, 'product'), 'USB Serial\n');
      mkdirSync(join(root, 'class', 'tty', 'ttyUSB0'), { recursive: true });
      symlinkSync(iface, join(root, 'class', 'tty', 'ttyUSB0', 'device'));
      mkdirSync(join(root, 'class', 'tty', 'tty0'), { recursive: true });
      const failing = { ...MockBinding, list: async () => Promise.reject(new Error('spawn udevadm ENOENT')) };
      const result = await listSerialPorts(failing, join(root, 'class', 'tty'));
      expect(result.warnings[0]).toContain('udevadm');
      expect(result.devices).toEqual([
        { kind: 'serial', path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523', product: 'USB Serial', source: 'sysfs', known: expect.objectContaining({ protocol: 'zfm' }) },
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('lists known and vendor-defined HID devices, not every keyboard and mouse (unless asked)', async () => {
    const hid = {
      devicesAsync: async () => [
        { vendorId: 0x046d, productId: 0xc52b, path: '/dev/hidraw0', usagePage: 0x01, usage: 0x06, product: 'Keyboard' },
        { vendorId: 0x0db5, productId: 0x0120, path: '/dev/hidraw1', usagePage: 0x01 },
        { vendorId: 0x1234, productId: 0x0001, path: '/dev/hidraw2', usagePage: 0xff00 },
      ],
      open: () => Promise.reject(new Error('unused')),
    };
    expect((await enumerateDevices({ serialBinding: MockBinding, sbi: null, hid })).devices.map((d) => d.path)).toEqual(['/dev/hidraw1', '/dev/hidraw2']);
    expect((await enumerateDevices({ serialBinding: MockBinding, sbi: null, hid, allHid: true })).devices).toHaveLength(3);
  });

  it('keeps going when HID enumeration fails', async () => {
    const result = await enumerateDevices({ serialBinding: MockBinding, sbi: null, hid: { devicesAsync: () => Promise.reject(new Error('libusb missing')), open: () => Promise.reject(new Error('x')) } });
    expect(result.warnings.some((w) => w.includes('libusb missing'))).toBe(true);
  });
});

describe('plug/unplug watcher', () => {
  it('emits added and removed between polls', async () => {
    let current: EnumeratedDevice[] = [{ kind: 'serial', path: '/dev/ttyUSB0', source: 'test' }];
    const watcher = new DeviceWatcher(async () => current);
    const events: string[] = [];
    watcher.on('added', (d) => events.push(`+${d.path}`));
    watcher.on('removed', (d) => events.push(`-${d.path}`));
    await watcher.poll(true);
    current = [{ kind: 'serial', path: '/dev/ttyACM0', source: 'test' }];
    await watcher.poll();
    expect(events).toEqual(['+/dev/ttyACM0', '-/dev/ttyUSB0']);
    expect(watcher.devices.map((d) => d.path)).toEqual(['/dev/ttyACM0']);
  });
});

describe('station device configuration', () => {
  const good = {
    version: 1,
    devices: [
      { role: 'mrz', transport: 'serial', port: '/dev/ttyACM0', protocol: 'cute', baudRate: 9600, framing: { sod: 0x1c, eod: 0x1d } },
      { role: 'fingerprint', transport: 'sbi', protocol: 'sbi', sbiPort: 4501, requestedScore: 60 },
      { role: 'mrz', transport: 'keyboard', protocol: 'wedge', layout: 'fr' },
    ],
  };

  it('accepts a valid configuration and returns a JSON-serialisable copy', () => {
    const config = validateStationConfig(good);
    expect(JSON.parse(JSON.stringify(config))).toEqual(good);
    expect(config).not.toBe(good);
  });

  it('rejects bad configurations with DEVICE_CONFIG_INVALID listing every problem', () => {
    try {
      validateStationConfig({ version: 1, devices: [{ role: 'mrz', transport: 'serial', port: '', protocol: 'cute', baudRate: 1234 }, { role: 'printer' }] });
      throw new Error('not rejected');
    } catch (error) {
      expect(error).toBeInstanceOf(DeviceError);
      expect((error as DeviceError).code).toBe('DEVICE_CONFIG_INVALID');
      expect((error as DeviceError).details?.problems).toHaveLength(3);
    }
    expect(() => validateStationConfig(null)).toThrow(DeviceError);
  });
});

describe('device health', () => {
  it('is ok, degraded after repeated failures, offline when unplugged', () => {
    const health = new HealthTracker(() => new Date('2026-11-28T00:00:00Z'));
    health.success('mrz');
    expect(health.report()[0]).toMatchObject({ id: 'mrz', status: 'ok', successes: 1 });
    for (let i = 0; i < 3; i++) health.failure('mrz', { code: 'DEVICE_BAD_CHECKSUM', message: 'bad' });
    expect(health.report()[0]!.status).toBe('degraded');
    health.failure('mrz', { code: 'DEVICE_DISCONNECTED', message: 'gone' });
    expect(health.report()[0]).toMatchObject({ status: 'offline', lastFailure: { code: 'DEVICE_DISCONNECTED' } });
  });
});
