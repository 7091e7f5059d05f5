import { startZfmEmulator } from '../emulators/zfm';
import { encodeEf01, PID } from '../framing/ef01';
import { createMemoryLink, MemoryTransport } from '../transport/memory';
import { ZfmScanner } from './zfm';

describe('ZFM driver confirmation codes', () => {
  it('turns a wrong password into DEVICE_REJECTED with a clear message', async () => {
    const link = createMemoryLink();
    startZfmEmulator({ transport: link.device, password: 0 });
    const scanner = new ZfmScanner(link.host, { password: 1234 });
    await expect(scanner.handshake()).rejects.toMatchObject({ code: 'DEVICE_REJECTED', message: 'verify password: wrong device password', details: { confirmationCode: 0x13 } });
  });

  it('gives up with DEVICE_NO_FINGER when no finger comes before the timeout', async () => {
    const link = createMemoryLink();
    startZfmEmulator({ transport: link.device, fingerAfterPolls: 1_000_000 });
    const scanner = new ZfmScanner(link.host);
    await scanner.handshake();
    await expect(scanner.captureImage({ timeoutMs: 150, pollIntervalMs: 20 })).rejects.toMatchObject({ code: 'DEVICE_NO_FINGER' });
  });

  it.each([
    [0x06, 'DEVICE_CAPTURE_FAILED', /too messy/],
    [0x07, 'DEVICE_CAPTURE_FAILED', /too few feature points/],
    [0x03, 'DEVICE_CAPTURE_FAILED', /place the finger again/],
    [0x18, 'DEVICE_REJECTED', /flash/],
  ])('maps GenImg confirmation %p to %s', async (code, errorCode, message) => {
    const transport = new MemoryTransport();
    transport.onWrite = () => transport.deviceSends(encodeEf01({ pid: PID.ack, payload: Buffer.from([code]) }));
    const scanner = new ZfmScanner(transport);
    await expect(scanner.captureImage({ timeoutMs: 1000 })).rejects.toMatchObject({ code: errorCode, message: expect.stringMatching(message) });
  });

  it('rejects an image upload of an unknown size with DEVICE_PROTOCOL_ERROR', async () => {
    const transport = new MemoryTransport();
    transport.onWrite = () => {
      transport.deviceSends(encodeEf01({ pid: PID.ack, payload: Buffer.from([0]) }));
      transport.deviceSends(encodeEf01({ pid: PID.end, payload: Buffer.alloc(100, 0x88) }));
    };
    await expect(new ZfmScanner(transport).uploadImage()).rejects.toMatchObject({ code: 'DEVICE_PROTOCOL_ERROR', details: { bytes: 100 } });
  });

  it('moves the module and the link to 115200 baud', async () => {
    const link = createMemoryLink();
    startZfmEmulator({ transport: link.device });
    const speeds: number[] = [];
    link.host.setBaudRate = async (baud: number) => void speeds.push(baud);
    const scanner = new ZfmScanner(link.host);
    expect((await scanner.handshake()).baudRate).toBe(57600);
    await scanner.setBaudRate(115200);
    expect(speeds).toEqual([115200]);
    expect((await scanner.handshake()).baudRate).toBe(115200);
    await expect(scanner.setBaudRate(100000)).rejects.toMatchObject({ code: 'DEVICE_CONFIG_INVALID' });
  });

  it('refuses commands once closed', async () => {
    const transport = new MemoryTransport();
    const scanner = new ZfmScanner(transport);
    await scanner.close();
    await expect(scanner.templateCount()).rejects.toMatchObject({ code: 'DEVICE_CLOSED' });
  });
});
