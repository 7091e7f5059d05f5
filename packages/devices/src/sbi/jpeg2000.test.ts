import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DeviceError } from '../errors';
import { syntheticFingerprint } from '../fingerprint/image';
import { decodeJpeg2000Grey, encodeJpeg2000Lossless, jpeg2000Codestream, loadJpeg2000 } from './jpeg2000';

/**
 * Fixtures made with OpenJPEG's command-line encoder (Debian `libopenjp2-tools`, `opj_compress`) from
 * our own synthetic ridge image, so decoding is checked against an encoder other than the one we ship:
 *   syntheticFingerprint(160, 200, 19794) → PGM →
 *   opj_compress -i finger.pgm -o synthetic-finger-160x200-lossless.jp2        (JP2 file, reversible 5/3)
 *   opj_compress -i finger.pgm -o synthetic-finger-160x200-lossy.j2k -r 20 -I  (raw codestream, 9/7, 20:1)
 * and a 12-bit one (below).
 */
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const SOURCE = syntheticFingerprint(160, 200, 19794);

function onlyDeviceErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DeviceError);
  }
}

describe('JPEG 2000 finger images (@cornerstonejs/codec-openjpeg)', () => {
  beforeAll(() => loadJpeg2000(), 30_000);

  it('loads once: a second load is the same instance and costs nothing', async () => {
    await expect(Promise.all([loadJpeg2000(), loadJpeg2000()])).resolves.toEqual([undefined, undefined]);
  });

  it('decodes a lossless JP2 file from opj_compress back to the exact source pixels', () => {
    const image = decodeJpeg2000Grey(fixture('synthetic-finger-160x200-lossless.jp2'));
    expect(image).toMatchObject({ width: 160, height: 200, reversible: true, bitsPerSample: 8 });
    expect(Buffer.from(image.pixels).equals(Buffer.from(SOURCE))).toBe(true);
  });

  it('decodes a lossy raw codestream to the right size, close to the source', () => {
    const image = decodeJpeg2000Grey(fixture('synthetic-finger-160x200-lossy.j2k'));
    expect(image).toMatchObject({ width: 160, height: 200, reversible: false });
    let error = 0;
    for (let i = 0; i < SOURCE.length; i++) error += Math.abs(image.pixels[i]! - SOURCE[i]!);
    const meanError = error / SOURCE.length;
    // 20:1 on a noisy image loses the noise, not the ridges (grey levels differ by up to ~200).
    expect(meanError).toBeGreaterThan(0);
    expect(meanError).toBeLessThan(20);
  });

  it('scales a 12-bit image to 8 bits', () => {
    // synthetic-finger-64x48-12bit.j2k: each pixel of syntheticFingerprint(64, 48, 4095) × 16 + (index % 16),
    // written as a 12-bit PGM (maxval 4095) and compressed losslessly by opj_compress.
    const image = decodeJpeg2000Grey(fixture('synthetic-finger-64x48-12bit.j2k'));
    expect(image).toMatchObject({ width: 64, height: 48, bitsPerSample: 12 });
    const source = syntheticFingerprint(64, 48, 4095);
    let worst = 0;
    for (let i = 0; i < source.length; i++) worst = Math.max(worst, Math.abs(image.pixels[i]! - source[i]!));
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('round-trips our own lossless encoding exactly, for odd and small sizes too', () => {
    for (const [width, height, seed] of [
      [320, 400, 1],
      [257, 131, 2],
      [9, 7, 3],
      [1, 1, 4],
    ] as const) {
      const pixels = syntheticFingerprint(width, height, seed);
      const encoded = encodeJpeg2000Lossless({ width, height, pixels });
      expect(encoded.subarray(0, 4).toString('hex')).toBe('ff4fff51');
      const decoded = decodeJpeg2000Grey(encoded);
      expect({ width: decoded.width, height: decoded.height, reversible: decoded.reversible }).toEqual({ width, height, reversible: true });
      expect(Buffer.from(decoded.pixels).equals(Buffer.from(pixels))).toBe(true);
    }
  });

  it('finds the codestream in a JP2 file, including a last box of length 0', () => {
    const jp2 = fixture('synthetic-finger-160x200-lossless.jp2');
    const codestream = jpeg2000Codestream(jp2);
    expect(codestream.subarray(0, 4).toString('hex')).toBe('ff4fff51');
    const start = jp2.indexOf(codestream);
    const lengthZero = Buffer.from(jp2);
    lengthZero.writeUInt32BE(0, start - 8);
    expect(jpeg2000Codestream(lengthZero).equals(codestream)).toBe(true);
  });

  it.each([
    ['empty', Buffer.alloc(0), /not a JPEG 2000 image/],
    ['PNG bytes', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), /not a JPEG 2000 image/],
    ['a JP2 signature only', Buffer.from('0000000c6a5020200d0a870a', 'hex'), /no complete codestream/],
    ['a codestream header only', Buffer.from('ff4fff51', 'hex'), /truncated/],
  ])('refuses %s with DEVICE_PROTOCOL_ERROR', (_name, bytes, message) => {
    expect(() => decodeJpeg2000Grey(bytes)).toThrow(message);
    try {
      decodeJpeg2000Grey(bytes);
    } catch (error) {
      expect(error).toMatchObject({ code: 'DEVICE_PROTOCOL_ERROR' });
    }
  });

  it('refuses a truncated JP2 file and codestream, then still decodes a good one', () => {
    const jp2 = fixture('synthetic-finger-160x200-lossless.jp2');
    expect(() => decodeJpeg2000Grey(jp2.subarray(0, jp2.length - 100))).toThrow(expect.objectContaining({ code: 'DEVICE_PROTOCOL_ERROR' }) as Error);
    const codestream = jpeg2000Codestream(jp2);
    for (const keep of [10, 60, 200]) {
      // OpenJPEG may decode a codestream cut after its header as an incomplete (grey) image rather
      // than fail; either is acceptable, a crash or a wrong-sized image is not.
      onlyDeviceErrors(() => expect(decodeJpeg2000Grey(codestream.subarray(0, keep))).toMatchObject({ width: 160, height: 200 }));
    }
    expect(decodeJpeg2000Grey(jp2).width).toBe(160);
  });

  it('refuses an image declaring a size no finger has, before decoding it', () => {
    const codestream = Buffer.from(encodeJpeg2000Lossless({ width: 64, height: 64, pixels: syntheticFingerprint(64, 64, 5) }));
    // SIZ: marker(2) Lsiz(2) Rsiz(2) Xsiz(4) Ysiz(4) — after SOC (2).
    codestream.writeUInt32BE(60_000, 8);
    codestream.writeUInt32BE(60_000, 12);
    expect(() => decodeJpeg2000Grey(codestream)).toThrow(expect.objectContaining({ code: expect.stringMatching(/^DEVICE_(UNSUPPORTED|PROTOCOL_ERROR)$/) as string }) as Error);
  });

  it('answers any corruption of a real image with an image or a DeviceError, never a crash', () => {
    const good = encodeJpeg2000Lossless({ width: 48, height: 40, pixels: syntheticFingerprint(48, 40, 6) });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), fc.nat(), (flips, cut) => {
        const bytes = Buffer.from(good.subarray(0, 4 + (cut % (good.length - 3))));
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        onlyDeviceErrors(() => decodeJpeg2000Grey(bytes));
      }),
      { numRuns: 150 },
    );
    expect(decodeJpeg2000Grey(good)).toMatchObject({ width: 48, height: 40 });
  });

  it('answers garbage after a codestream marker with a DeviceError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (tail) => onlyDeviceErrors(() => decodeJpeg2000Grey(Buffer.concat([Buffer.from('ff4fff51', 'hex'), tail])))),
      { numRuns: 150 },
    );
  });
});
