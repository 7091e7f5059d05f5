import { MockBinding, type MockPortBinding } from '@serialport/binding-mock';
import type { BindingInterface, OpenOptions } from '@serialport/bindings-interface';
import { syntheticDocuments } from '../emulators/documents';
import { mrzFrame } from '../emulators/mrz-serial';
import { startZfmEmulator } from '../emulators/zfm';
import { startSbiEmulator } from '../sbi/emulator';
import { accessIsMrzReports } from '../mrz-readers/access-is-hid';
import { MockBindingDevice } from '../testing/mock-binding-device';
import { FakeHidDevice } from '../transport/fake-hid';
import { DeviceManager, type DeviceManagerEvents } from './device-manager';

/** MockBinding that hands each opened port to the test (to play the device's side). */
function recordingBinding(onOpen: (path: string, port: MockPortBinding) => void): BindingInterface {
  return {
    ...MockBinding,
    list: () => MockBinding.list(),
    open: async (options: OpenOptions) => {
      const port = await MockBinding.open(options);
      onOpen(options.path, port);
      return port;
    },
  } as BindingInterface;
}

function nextEvent<K extends keyof DeviceManagerEvents>(manager: DeviceManager, event: K, filter: (...args: Parameters<DeviceManagerEvents[K]>) => boolean = () => true) {
  return new Promise<Parameters<DeviceManagerEvents[K]>[0]>((resolve) => {
    const listener = ((...args: Parameters<DeviceManagerEvents[K]>) => {
      if (!filter(...args)) return;
      manager.off(event, listener);
      resolve(args[0]);
    }) as DeviceManagerEvents[K];
    manager.on(event, listener);
  });
}

describe('DeviceManager over serialport MockBinding', () => {
  afterEach(() => MockBinding.reset());

  it('opens the configured reader and module, parses documents, survives an unplug and reopens after replug', async () => {
    MockBinding.createPort('/dev/ttyACM0', { echo: false, record: false });
    MockBinding.createPort('/dev/ttyUSB0', { echo: false, record: false });
    const devices = new Map<string, MockBindingDevice>();
    const binding = recordingBinding((path, port) => {
      const device = new MockBindingDevice(port);
      devices.set(path, device);
      if (path === '/dev/ttyUSB0') startZfmEmulator({ transport: device, fingerAfterPolls: 1 });
    });
    const manager = new DeviceManager(
      {
        version: 1,
        devices: [
          { role: 'mrz', transport: 'serial', port: '/dev/ttyACM0', protocol: 'cute', baudRate: 9600 },
          { role: 'fingerprint', transport: 'serial', port: '/dev/ttyUSB0', protocol: 'zfm', baudRate: 57600 },
        ],
      },
      { serialBinding: binding, reopenIntervalMs: 50 },
    );
    try {
      await manager.start();
      expect(manager.health().map((h) => h.status)).toEqual(['ok', 'ok']);
      const documents = syntheticDocuments(9);
      const first = nextEvent(manager, 'document');
      await devices.get('/dev/ttyACM0')!.write(mrzFrame('cute', documents()));
      const { parsed, deviceId } = await first;
      expect(deviceId).toBe('mrz:cute:/dev/ttyACM0#0');
      expect(Object.values(parsed.checks).every(Boolean)).toBe(true);

      let prompted = 0;
      const image = await manager.captureFinger('Right IndexFinger', { timeoutMs: 5000, onWaitingForFinger: () => prompted++ });
      expect([image.width, image.height]).toEqual([256, 288]);
      expect(prompted).toBe(1);

      const offline = nextEvent(manager, 'status', (e) => e.status === 'offline');
      const reopened = nextEvent(manager, 'status', (e) => e.status === 'open' && e.deviceId.startsWith('mrz'));
      await devices.get('/dev/ttyACM0')!.unplug();
      expect(await offline).toMatchObject({ deviceId: 'mrz:cute:/dev/ttyACM0#0', error: { code: 'DEVICE_DISCONNECTED' } });
      await reopened;
      const second = nextEvent(manager, 'document');
      await devices.get('/dev/ttyACM0')!.write(mrzFrame('cute', documents()));
      await second;
      expect(manager.health()[0]).toMatchObject({ successes: 2, lastFailure: { code: 'DEVICE_DISCONNECTED' } });
      expect(manager.trace('mrz:cute:/dev/ttyACM0#0').some((e) => e.direction === 'rx')).toBe(true);
    } finally {
      await manager.stop();
    }
  });

  it('keeps retrying a device that is missing, without throwing', async () => {
    const manager = new DeviceManager({ version: 1, devices: [{ role: 'mrz', transport: 'serial', port: '/dev/ttyNONE', protocol: '3m', baudRate: 9600 }] }, { serialBinding: MockBinding, reopenIntervalMs: 30 });
    const offline = nextEvent(manager, 'status');
    await manager.start();
    expect(await offline).toMatchObject({ status: 'offline', error: { code: 'DEVICE_NOT_FOUND' } });
    MockBinding.createPort('/dev/ttyNONE', {});
    await nextEvent(manager, 'status', (e) => e.status === 'open');
    await manager.stop();
  });

  it('captures through an SBI service named in the configuration', async () => {
    const sbi = await startSbiEmulator();
    const manager = new DeviceManager({ version: 1, devices: [{ role: 'fingerprint', transport: 'sbi', protocol: 'sbi', sbiPort: sbi.port, requestedScore: 50 }] });
    try {
      await manager.start();
      const image = await manager.captureFinger('Left Thumb');
      // The emulator sends lossless JPEG 2000, as certified devices do: the manager delivers 8-bit grey.
      expect(image).toMatchObject({ width: 320, height: 400, dpi: 500, source: `sbi:${sbi.port}` });
      expect(image.pixels).toHaveLength(320 * 400);
      expect(image.quality).toBeGreaterThanOrEqual(45);
      expect(manager.health()[0]).toMatchObject({ status: 'ok', successes: 1 });
    } finally {
      await manager.stop();
      await sbi.close();
    }
  });

  it('opens an Access-IS reader in HID vendor mode found by VID/PID, and enables it', async () => {
    const device = new FakeHidDevice();
    const hid = {
      devicesAsync: async () => [{ vendorId: 0x0db5, productId: 0x0120, path: '/dev/hidraw7' }],
      open: async (path: string) => {
        expect(path).toBe('/dev/hidraw7');
        return device;
      },
    };
    const manager = new DeviceManager({ version: 1, devices: [{ role: 'mrz', transport: 'hid', protocol: 'access-is-hid', vendorId: '0db5', productId: '0120' }] }, { hid });
    try {
      await manager.start();
      expect(device.written).toEqual([[0x00, 0x80]]);
      const read = nextEvent(manager, 'document');
      device.play(accessIsMrzReports(syntheticDocuments(4)()));
      expect((await read).parsed.format).toBe('TD3');
    } finally {
      await manager.stop();
    }
  });

  it('refuses an invalid station configuration', () => {
    expect(() => new DeviceManager({ version: 2, devices: [] })).toThrow(expect.objectContaining({ code: 'DEVICE_CONFIG_INVALID' }));
  });
});
