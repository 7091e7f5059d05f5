/**
 * Tiny but valid images for example crossings, built here so the schemas package needs no image
 * library: a grayscale PNG with a fingerprint-like ridge pattern (zlib "stored" blocks, so no
 * compressor is needed), and a baseline JPEG of a uniform grey face placeholder. Both carry bytes
 * derived from the seed, so every example has its own digest.
 */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function u32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

function pngChunk(type: string, data: Uint8Array): number[] {
  const typed = new Uint8Array([...Buffer.from(type, 'ascii'), ...data]);
  return [...u32(data.length), ...typed, ...u32(crc32(typed))];
}

/** zlib stream made of uncompressed ("stored") deflate blocks. */
function zlibStored(raw: Uint8Array): Uint8Array {
  const out: number[] = [0x78, 0x01];
  for (let offset = 0; offset < raw.length || offset === 0; offset += 65535) {
    const block = raw.subarray(offset, Math.min(raw.length, offset + 65535));
    const final = offset + 65535 >= raw.length ? 1 : 0;
    out.push(final, block.length & 0xff, block.length >>> 8, ~block.length & 0xff, (~block.length >>> 8) & 0xff, ...block);
    if (raw.length === 0) break;
  }
  out.push(...u32(adler32(raw)));
  return new Uint8Array(out);
}

/** A `size`×`size` 8-bit grayscale PNG of concentric ridges around a seed-dependent centre. */
export function fingerprintPng(seed: number, size = 64): Buffer {
  const cx = size / 2 + ((seed % 7) - 3);
  const cy = size / 2 + (((seed >> 3) % 7) - 3);
  const frequency = 0.9 + (seed % 5) * 0.05;
  const raw = new Uint8Array(size * (size + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size + 1)] = 0; // filter type "none"
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x - cx, (y - cy) * 1.3);
      // Per-seed texture: no two travellers' prints are the same image (nor the same digest).
      const texture = (Math.imul(seed ^ (x * 73856093) ^ (y * 19349663), 2654435761) >>> 28) & 7;
      raw[y * (size + 1) + 1 + x] = Math.round(123 + 120 * Math.sin(distance * frequency)) + texture;
    }
  }
  const header = new Uint8Array([...u32(size), ...u32(size), 8, 0, 0, 0, 0]);
  return Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ...pngChunk('IHDR', header),
    ...pngChunk('IDAT', zlibStored(raw)),
    ...pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/**
 * A baseline JPEG, `blocks`×`blocks` 8×8 blocks of mid grey: one-symbol Huffman tables make every
 * block the two bits "DC diff 0, end of block". A comment segment carries `comment` (the example's
 * identity) and optional padding to reach a realistic photo size for benchmarks.
 */
export function placeholderFaceJpeg(comment: string, blocks = 8, paddingBytes = 0): Buffer {
  const segment = (marker: number, body: number[]) => [0xff, marker, ((body.length + 2) >>> 8) & 0xff, (body.length + 2) & 0xff, ...body];
  const side = blocks * 8;
  const commentBytes = [...Buffer.from(comment, 'utf8').subarray(0, 60000)];
  const padding = Array.from({ length: Math.min(paddingBytes, 65000) }, (_, i) => (i * 31 + commentBytes.length) % 251);
  const scanBits = blocks * blocks * 2;
  const scan = new Array<number>(Math.ceil(scanBits / 8)).fill(0);
  if (scanBits % 8 !== 0) scan[scan.length - 1] = (1 << (8 - (scanBits % 8))) - 1; // pad with 1-bits
  return Buffer.from([
    0xff, 0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...segment(0xfe, commentBytes),
    ...(padding.length > 0 ? segment(0xfe, padding) : []),
    ...segment(0xdb, [0, ...new Array<number>(64).fill(1)]),
    ...segment(0xc0, [8, side >>> 8, side & 0xff, side >>> 8, side & 0xff, 1, 1, 0x11, 0]),
    ...segment(0xc4, [0x00, 1, ...new Array<number>(15).fill(0), 0x00]),
    ...segment(0xc4, [0x10, 1, ...new Array<number>(15).fill(0), 0x00]),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    ...scan,
    0xff, 0xd9,
  ]);
}
