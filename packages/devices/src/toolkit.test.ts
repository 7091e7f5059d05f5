import { encodeCuteMrz } from './framing/cute';
import { encodeRteMrz } from './framing/rte';
import { SPECIMEN_TD3 } from './testing/specimens';
import { accessIsMrzReports } from './mrz-readers/access-is-hid';
import { FakeHidDevice } from './transport/fake-hid';
import { captureFingerSbi, protocolHint, readOneMrzHid } from './toolkit';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticFingerprint } from './fingerprint/image';
import { encodeFingerImageRecord } from './sbi/iso19794-4';
import { base64url, signJws } from './sbi/jws';
import { encodeJpeg2000Lossless, loadJpeg2000 } from './sbi/jpeg2000';

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

/** A service on 127.0.0.1 answering every SBI call with one fixed JSON body (a device we cannot emulate). */
async function fixedAnswerService(answer: unknown): Promise<{ port: number; close(): Promise<void> }> {
  const body = Buffer.from(JSON.stringify(answer));
  const server: Server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`, 'latin1'), body])));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('capture-finger --sbi when the image cannot become a PNG', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bp-sbi-iso-'));
    await loadJpeg2000();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const answerWith = (compression: number, data: Buffer) => {
    const record = encodeFingerImageRecord({ position: 2, quality: 80, widthPx: 64, heightPx: 64, ppi: 500, bitDepth: 8, compression, data });
    return { record, answer: { biometrics: [{ data: signJws({ bioSubType: 'Right IndexFinger', bioValue: base64url(record), qualityScore: '80' }), hash: '', error: { errorCode: '0' } }] } };
  };

  it.each([
    // Made inside the test: the codec is loaded in beforeAll, after this table is read.
    ['WSQ', 2, () => Buffer.from('ffa0ffa8000b', 'hex'), 'DEVICE_UNSUPPORTED', /WSQ/],
    ['truncated JPEG 2000', 5, () => encodeJpeg2000Lossless({ width: 64, height: 64, pixels: syntheticFingerprint(64, 64, 2) }).subarray(0, 40), 'DEVICE_PROTOCOL_ERROR', /truncated|could not be decoded/],
  ] as const)('%s: no PNG, an error, and the ISO record saved beside the PNG path', async (name, compression, data, code, message) => {
    const { record, answer } = answerWith(compression, data());
    const service = await fixedAnswerService(answer);
    const out = join(dir, `${name.replace(/\W+/g, '-')}.png`);
    try {
      await expect(captureFingerSbi({ sbiPort: service.port, finger: 'Right IndexFinger', out, timeoutMs: 2000 })).rejects.toMatchObject({ code, message: expect.stringMatching(message) as string });
      expect(existsSync(out)).toBe(false);
      expect(readFileSync(`${out}.iso`).equals(record)).toBe(true);
    } finally {
      await service.close();
    }
  });
});
