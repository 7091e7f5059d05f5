import { PNG } from 'pngjs';
import type { FingerImage } from './image';

/** Encodes an 8-bit greyscale image as PNG (pngjs), with a pHYs chunk carrying the resolution. */
export function encodeGreyPng(image: Pick<FingerImage, 'width' | 'height' | 'pixels' | 'dpi'>): Buffer {
  const png = PNG.sync.write(
    { width: image.width, height: image.height, data: Buffer.from(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength) } as PNG,
    { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false },
  );
  return insertPhys(png, image.dpi);
}

/** Decodes a PNG into 8-bit greyscale (averaging colour channels if needed). */
export function decodeGreyPng(bytes: Buffer): { width: number; height: number; pixels: Uint8Array; dpi: number | null } {
  const png = PNG.sync.read(bytes);
  const pixels = new Uint8Array(png.width * png.height);
  for (let i = 0; i < pixels.length; i++) {
    const o = i * 4;
    pixels[i] = Math.round((png.data[o]! + png.data[o + 1]! + png.data[o + 2]!) / 3);
  }
  return { width: png.width, height: png.height, pixels, dpi: readPhysDpi(bytes) };
}

const INCH_PER_METRE = 39.3701;

function insertPhys(png: Buffer, dpi: number): Buffer {
  const data = Buffer.alloc(9);
  const ppm = Math.round(dpi * INCH_PER_METRE);
  data.writeUInt32BE(ppm, 0);
  data.writeUInt32BE(ppm, 4);
  data[8] = 1; // unit: metre
  const chunk = Buffer.alloc(12 + 9);
  chunk.writeUInt32BE(9, 0);
  chunk.write('pHYs', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 17)), 17);
  // Signature (8) + IHDR chunk (4 + 4 + 13 + 4): pHYs must come before IDAT.
  const afterIhdr = 8 + 25;
  return Buffer.concat([png.subarray(0, afterIhdr), chunk, png.subarray(afterIhdr)]);
}

function readPhysDpi(png: Buffer): number | null {
  let offset = 8;
  while (offset + 8 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    if (type === 'pHYs' && length === 9 && png[offset + 16] === 1) return Math.round(png.readUInt32BE(offset + 8) / INCH_PER_METRE);
    if (type === 'IDAT') return null;
    offset += 12 + length;
  }
  return null;
}

let crcTable: Uint32Array | undefined;

function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = crcTable[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
