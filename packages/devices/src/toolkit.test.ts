import { encodeCuteMrz } from './framing/cute';
import { encodeRteMrz } from './framing/rte';
import { SPECIMEN_TD3 } from './testing/specimens';
import { accessIsMrzReports } from './mrz-readers/access-is-hid';
import { FakeHidDevice } from './transport/fake-hid';
import { protocolHint, readOneMrzHid } from './toolkit';

describe('protocol hint after a failed read', () => {
  it('names the protocol whose framer finds a document in the bytes received', () => {
    expect(protocolHint(encodeCuteMrz(SPECIMEN_TD3), '3m')).toContain('--protocol cute');
    expect(protocolHint(encodeRteMrz(SPECIMEN_TD3), 'cute')).toContain('--protocol 3m');
    expect(protocolHint(Buffer.from(SPECIMEN_TD3.join('\r\n') + '\r\n'), 'cute')).toContain('--protocol lines');
  });

  it('points at the baud rate when the bytes are not text, and says nothing without bytes', () => {
    expect(protocolHint(Buffer.from([0xf8, 0x80, 0xfe, 0x00, 0x80, 0xf8, 0x78, 0x86]), 'cute')).toContain('baud rate');
    expect(protocolHint(Buffer.alloc(0), 'cute')).toBeNull();
  });
});

describe('reading an Access-IS reader in HID mode', () => {
  it('finds the reader by vendor id, enables it and returns the parsed document with the frame', async () => {
    const device = new FakeHidDevice();
    const hid = {
      devicesAsync: async () => [
        { vendorId: 0x0db5, productId: 0x0127, path: '/dev/hidraw1', usagePage: 0x01 },
        { vendorId: 0x0db5, productId: 0x0127, path: '/dev/hidraw2', usagePage: 0xff00 },
      ],
      open: async (path: string) => {
        expect(path).toBe('/dev/hidraw2');
        setTimeout(() => device.play(accessIsMrzReports(SPECIMEN_TD3)), 20);
        return device;
      },
    };
    const result = await readOneMrzHid({ hid, timeoutMs: 2000 });
    expect(device.written[0]).toEqual([0x00, 0x80]);
    expect(result).toMatchObject({ format: 'TD3', documentNumber: 'L898902C3', frame: { protocol: 'access-is-hid' } });
    expect(device.closed).toBe(true);
  });

  it('says DEVICE_NOT_FOUND when no Access-IS reader is connected, and DEVICE_TIMEOUT when nothing is read', async () => {
    await expect(readOneMrzHid({ hid: { devicesAsync: async () => [], open: () => Promise.reject(new Error('x')) } })).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
    const quiet = { devicesAsync: async () => [], open: async () => new FakeHidDevice() };
    await expect(readOneMrzHid({ path: '/dev/hidraw9', hid: quiet, timeoutMs: 100 })).rejects.toMatchObject({ code: 'DEVICE_TIMEOUT' });
  });
});
