import fc from 'fast-check';
import { DeviceError } from './errors';
import { ZfmScanner } from './fingerprint/zfm';
import { AccessIsHidReader } from './mrz-readers/access-is-hid';
import { parseCaptureAnswer } from './sbi/client';
import { decodeFingerImageRecord } from './sbi/iso19794-4';
import { FakeHidDevice } from './transport/fake-hid';
import { MemoryTransport } from './transport/memory';
import { BootKeyboardDecoder } from './wedge/boot-keyboard';
import { KeystrokeBurstDetector } from './wedge/burst';

/** Whatever a device or service sends, drivers answer with data or a DeviceError, never a crash. */
function onlyDeviceErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DeviceError);
  }
}

describe('drivers never crash on bad input', () => {
  it('Access-IS HID reader: any reports', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 30 }), (reports) => {
        const device = new FakeHidDevice();
        new AccessIsHidReader(device);
        device.play(reports);
      }),
    );
  });

  it('boot-keyboard decoder and burst detector: any reports, any keys, any times', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 10 }), { maxLength: 40 }),
        fc.array(fc.tuple(fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 10_000 })), { maxLength: 80 }),
        (reports, keys) => {
          for (const layout of ['us', 'fr', 'de'] as const) {
            const decoder = new BootKeyboardDecoder(layout);
            for (const r of reports) decoder.push(r);
          }
          const detector = new KeystrokeBurstDetector({ validate: () => true });
          for (const [key, time] of keys) detector.key(key, time);
          detector.flush(20_000);
          expect(detector.holding).toBe(false);
        },
      ),
    );
  });

  it('SBI capture answers: any JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (answer) => onlyDeviceErrors(() => parseCaptureAnswer(answer, 'fuzz'))));
    fc.assert(
      fc.property(fc.array(fc.record({ data: fc.oneof(fc.string(), fc.jsonValue()), hash: fc.string(), error: fc.jsonValue() }), { maxLength: 3 }), (biometrics) =>
        onlyDeviceErrors(() => parseCaptureAnswer({ biometrics }, 'fuzz')),
      ),
    );
  });

  it('ISO 19794-4 records: any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => onlyDeviceErrors(() => decodeFingerImageRecord(Buffer.concat([Buffer.from('FIR\x00020\x00'), bytes])))));
  });

  it('ZFM scanner: any bytes while a command waits end in a DeviceError or an answer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 60 }), { maxLength: 8 }), async (chunks) => {
        const transport = new MemoryTransport();
        transport.onWrite = () => chunks.forEach((c) => transport.deviceSends(c));
        const scanner = new ZfmScanner(transport, { commandTimeoutMs: 30, dataTimeoutMs: 30 });
        await scanner.uploadImage().catch((error: unknown) => expect(error).toBeInstanceOf(DeviceError));
      }),
      { numRuns: 40 },
    );
  });
});
