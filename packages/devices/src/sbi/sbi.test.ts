import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contrastQuality, syntheticFingerprint } from '../fingerprint/image';
import { parseCaptureAnswer, SbiClient } from './client';
import { base64url, signJws } from './jws';
import { decodeFingerImageRecord, encodeFingerImageRecord } from './iso19794-4';
import { encodeJpeg2000Lossless, loadJpeg2000 } from './jpeg2000';
import { sha256Hex, startSbiEmulator as startEmulator, type RunningSbiEmulator, type SbiEmulatorOptions, type SbiImageFormat } from './emulator';

const COMPRESSION: Record<SbiImageFormat, { code: number; name: string }> = { jpeg2000: { code: 5, name: 'JPEG 2000 lossless' }, png: { code: 6, name: 'PNG' } };

describe.each(['jpeg2000', 'png'] as const)('SBI client against the SBI emulator (raw net.Server) sending %s', (imageFormat) => {
  const startSbiEmulator = (options: SbiEmulatorOptions = {}) => startEmulator({ imageFormat, ...options });
  let emulator: RunningSbiEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  const client = new SbiClient({ requestTimeoutMs: 3000 });

  it('discovers the service by MOSIPDISC and reads MOSIPDINFO', async () => {
    emulator = await startSbiEmulator();
    const services = await client.discover({ from: emulator.port, to: emulator.port });
    expect(services).toHaveLength(1);
    expect(services[0]!.devices[0]).toMatchObject({ deviceStatus: 'Ready', purpose: 'Registration' });
    expect(services[0]!.digitalIds[0]).toMatchObject({ type: 'Finger', deviceSubType: 'Single' });
    const info = await client.deviceInfo(emulator.port);
    expect(info[0]).toMatchObject({ deviceId: 'BP-EMU-FINGER-1', firmware: 'emu-1.0' });
  });

  it('skips ports with no service and ports that answer rubbish', async () => {
    const silent = await startSbiEmulator({ fault: 'garbage' });
    try {
      expect(await client.discover({ from: silent.port, to: silent.port })).toEqual([]);
    } finally {
      await silent.close();
    }
  });

  it('captures requested fingers with quality, and declares a missing finger as an exception', async () => {
    emulator = await startSbiEmulator();
    const result = await client.captureFingers({
      port: emulator.port,
      fingers: ['Right IndexFinger', 'Right MiddleFinger', 'Right RingFinger'],
      exceptions: ['Right MiddleFinger'],
      requestedScore: 60,
    });
    expect(result.fingers.map((f) => f.bioSubType)).toEqual(['Right IndexFinger', 'Right RingFinger']);
    expect(result.exceptions).toEqual(['Right MiddleFinger']);
    expect(result.hashChainValid).toBe(true);
    result.fingers.forEach((finger, index) => {
      expect(finger.requestedScore).toBe(60);
      expect(finger.qualityScore).toBeGreaterThan(0);
      expect(finger.compression).toBe(COMPRESSION[imageFormat].name);
      expect(decodeFingerImageRecord(finger.isoRecord).compression).toBe(COMPRESSION[imageFormat].code);
      expect(finger.imageError).toBeNull();
      expect(finger.image).toMatchObject({ width: 320, height: 400, dpi: 500, quality: finger.qualityScore, source: `sbi:${emulator!.port}` });
      expect(contrastQuality(finger.image!)).toBeGreaterThan(50);
      // Both formats are lossless: the pixels are exactly the ones the emulator drew (seed 3 → 301, 302).
      expect(Buffer.from(finger.image!.pixels).equals(Buffer.from(syntheticFingerprint(320, 400, 300 + index + 1)))).toBe(true);
    });
  });

  it('rejects a capture where every finger is an exception, before calling the device', async () => {
    await expect(client.captureFingers({ port: 1, fingers: ['Left Thumb'], exceptions: ['Left Thumb'] })).rejects.toMatchObject({ code: 'DEVICE_CONFIG_INVALID' });
  });

  it('flags a broken hash chain', async () => {
    emulator = await startSbiEmulator({ fault: 'bad-checksum' });
    const result = await client.captureFingers({ port: emulator.port, fingers: ['Left IndexFinger'] });
    expect(result.hashChainValid).toBe(false);
  });

  it.each([
    ['silence', 'DEVICE_TIMEOUT'],
    ['partial', 'DEVICE_DISCONNECTED'],
    ['unplug', 'DEVICE_DISCONNECTED'],
    ['garbage', 'DEVICE_PROTOCOL_ERROR'],
  ] as const)('turns the %s fault into %s', async (fault, code) => {
    emulator = await startSbiEmulator({ fault });
    await expect(client.captureFingers({ port: emulator.port, fingers: ['Left IndexFinger'], timeoutMs: 500 })).rejects.toMatchObject({ code });
  });

  it('reports DEVICE_NOT_FOUND for a port with nothing listening', async () => {
    const closed = await startSbiEmulator();
    const port = closed.port;
    await closed.close();
    await expect(client.deviceInfo(port)).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
  });
});

describe('SBI capture answers whose image is not converted', () => {
  beforeAll(() => loadJpeg2000(), 30_000);
  const answerWith = (compression: number, data: Buffer) => {
    const record = encodeFingerImageRecord({ position: 2, quality: 70, widthPx: 64, heightPx: 64, ppi: 500, bitDepth: 8, compression, data });
    const hash = sha256Hex(Buffer.from(sha256Hex(Buffer.alloc(0)) + sha256Hex(record), 'latin1'));
    return { record, answer: { biometrics: [{ data: signJws({ bioSubType: 'Right IndexFinger', bioValue: base64url(record), qualityScore: '70' }), hash, error: { errorCode: '0' } }] } };
  };

  it('keeps a WSQ record with image null and DEVICE_UNSUPPORTED', () => {
    const { record, answer } = answerWith(2, Buffer.from('ffa0ffa8', 'hex'));
    const [finger] = parseCaptureAnswer(answer, 'test').fingers;
    expect(finger).toMatchObject({ compression: 'WSQ', image: null, imageError: { code: 'DEVICE_UNSUPPORTED' } });
    expect(finger!.isoRecord.equals(record)).toBe(true);
  });

  it('keeps a record whose JPEG 2000 is corrupt, with DEVICE_PROTOCOL_ERROR', () => {
    const good = encodeJpeg2000Lossless({ width: 64, height: 64, pixels: syntheticFingerprint(64, 64, 1) });
    const { record, answer } = answerWith(4, good.subarray(0, 50));
    const [finger] = parseCaptureAnswer(answer, 'test').fingers;
    expect(finger).toMatchObject({ compression: 'JPEG 2000 lossy', image: null, imageError: { code: 'DEVICE_PROTOCOL_ERROR' } });
    expect(finger!.isoRecord.equals(record)).toBe(true);
  });

  it('decodes a JP2 file (not only a raw codestream) in a compression 5 record', () => {
    const { answer } = answerWith(5, readFileSync(join(__dirname, 'fixtures', 'synthetic-finger-160x200-lossless.jp2')));
    const [finger] = parseCaptureAnswer(answer, 'test').fingers;
    expect(finger!.image).toMatchObject({ width: 160, height: 200, dpi: 500, quality: 70 });
    expect(Buffer.from(finger!.image!.pixels).equals(Buffer.from(syntheticFingerprint(160, 200, 19794)))).toBe(true);
  });
});

const realSbiPort = process.env.BORDERPOST_TEST_SBI_PORT;
(realSbiPort ? describe : describe.skip)('a real SBI service (BORDERPOST_TEST_SBI_PORT)', () => {
  it('answers discovery and device info, and captures one finger within 30 s', async () => {
    const client = new SbiClient({ requestTimeoutMs: 10_000 });
    const port = Number(realSbiPort);
    const services = await client.discover({ from: port, to: port, type: 'Finger' });
    expect(services[0]?.devices.length).toBeGreaterThan(0);
    await client.deviceInfo(port);
    console.warn(`*** Place the right index finger on the scanner behind 127.0.0.1:${port} ***`);
    const result = await client.captureFingers({ port, fingers: ['Right IndexFinger'], timeoutMs: 30_000 });
    const finger = result.fingers[0]!;
    expect(finger.isoRecord.length).toBeGreaterThan(0);
    console.warn(`*** The device sent ${finger.compression}; image: ${finger.image ? `${finger.image.width}×${finger.image.height} at ${finger.image.dpi} ppi` : finger.imageError?.message} ***`);
    // Certified devices send JPEG 2000 (or WSQ, which is kept but not converted).
    if (finger.compression !== 'WSQ') expect(finger.image?.width).toBeGreaterThan(0);
  }, 60_000);
});
