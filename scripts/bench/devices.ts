/**
 * `npm run bench:devices` — figures for the device layer, side by side with the named alternative in
 * the same run. Prints; asserts nothing.
 *
 * 1. Framing throughput: our CuteFramer (garbage/partial/overflow detection, magstripe/barcode kinds)
 *    against serialport's own DelimiterParser splitting on `03 1D` (the alternative a driver could use;
 *    it frames only), over the same byte stream of synthetic MRZ frames cut in 64-byte reads.
 * 2. Fingerprint transfer cost on the wire: bytes a ZFM (256×288, 128-byte packets) and an R503
 *    (192×192, 256-byte packets) send for UpImage, against UpChar (the module's template) — counted from
 *    the emulator's real packets — and what that costs in seconds at 57600 and 115200 baud (8N1 = 10 bits
 *    per byte). This is the officer's wait per finger on a serial module.
 * 3. SBI finger image decoding: a 500 ppi single-finger image (320×400, and 800×750 for a large
 *    sensor) as lossless JPEG 2000 (what certified devices send; OpenJPEG in WebAssembly) against the
 *    same image as PNG (pngjs): bytes in the ISO record and milliseconds to decode per finger.
 */
import { DelimiterParser } from '@serialport/parser-delimiter';
import {
  CuteFramer,
  createMemoryLink,
  decodeGreyPng,
  decodeJpeg2000Grey,
  encodeCuteMrz,
  encodeGreyPng,
  encodeJpeg2000Lossless,
  loadJpeg2000,
  startZfmEmulator,
  syntheticDocuments,
  syntheticFingerprint,
  ZfmScanner,
} from '@borderpost/devices';

/** Plain Uint8Array views: the scripts project and the packages may see different Buffer typings. */
function bytes(b: { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function framingBench(): void {
  const next = syntheticDocuments(7);
  const frames = Array.from({ length: 20_000 }, () => bytes(encodeCuteMrz(next())));
  const stream = Buffer.concat(frames);
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < stream.length; offset += 64) chunks.push(bytes(stream.subarray(offset, offset + 64)));

  const runOurs = () => {
    const framer = new CuteFramer();
    let n = 0;
    for (const chunk of chunks) n += framer.push(chunk).length;
    return n;
  };
  const runSerialport = () => {
    const parser = new DelimiterParser({ delimiter: Buffer.from([0x03, 0x1d]) });
    let n = 0;
    parser.on('data', () => n++);
    for (const chunk of chunks) parser.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    return n;
  };
  runOurs();
  runSerialport();
  const rows: [string, number, number][] = [];
  for (let round = 0; round < 3; round++) {
    for (const [name, run] of [['CuteFramer (ours)', runOurs], ['serialport DelimiterParser', runSerialport]] as const) {
      const start = process.hrtime.bigint();
      const n = run();
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      rows.push([name, n, ms]);
    }
  }
  console.log(`\n1. CUTE framing, ${frames.length} frames, ${(stream.length / 1e6).toFixed(2)} MB in 64-byte reads (3 interleaved rounds)`);
  console.log('   parser                        frames   ms      frames/s');
  for (const [name, n, ms] of rows) console.log(`   ${name.padEnd(29)} ${String(n).padEnd(8)} ${ms.toFixed(1).padStart(6)}  ${Math.round((n / ms) * 1000).toLocaleString('en')}`);
}

async function wireBench(): Promise<void> {
  console.log('\n2. Fingerprint module transfer per finger (bytes counted from the emulator\'s packets)');
  console.log('   module  transfer                     bytes    s @57600  s @115200');
  for (const model of ['zfm', 'r503'] as const) {
    const link = createMemoryLink();
    let bytes = 0;
    link.host.on('data', (chunk) => (bytes += chunk.length));
    const emulator = startZfmEmulator({ transport: link.device, model, fingerAfterPolls: 0 });
    const scanner = new ZfmScanner(link.host);
    await scanner.handshake();
    await scanner.captureImage({ pollIntervalMs: 1 });
    const before = bytes;
    await scanner.uploadImage();
    const image = bytes - before;
    const beforeTemplate = bytes;
    await scanner.uploadTemplate(1);
    const template = bytes - beforeTemplate;
    for (const [what, n] of [['UpImage (4-bit image)', image], ['Img2Tz + UpChar (template)', template]] as const) {
      console.log(`   ${model.padEnd(7)} ${what.padEnd(28)} ${String(n).padEnd(8)} ${((n * 10) / 57600).toFixed(2).padStart(8)}  ${((n * 10) / 115200).toFixed(2).padStart(9)}`);
    }
    emulator.stop();
    await scanner.close();
  }
}

async function imageBench(): Promise<void> {
  const started = performance.now();
  await loadJpeg2000();
  const loadMs = performance.now() - started;
  console.log(`\n3. SBI finger image decoding per finger (JPEG 2000 codec loaded once in ${loadMs.toFixed(0)} ms)`);
  console.log('   image     format                bytes     ms/decode');
  for (const [width, height] of [
    [320, 400],
    [800, 750],
  ] as const) {
    const pixels = syntheticFingerprint(width, height, 11);
    const formats: [string, Uint8Array, (b: Uint8Array) => unknown][] = [
      ['JPEG 2000 lossless', bytes(encodeJpeg2000Lossless({ width, height, pixels })), (b) => decodeJpeg2000Grey(b)],
      ['PNG (pngjs)', bytes(encodeGreyPng({ width, height, pixels, dpi: 500 })), (b) => decodeGreyPng(Buffer.from(b))],
    ];
    const rounds = 10;
    const times = new Map<string, number>();
    // Interleaved rounds so that both formats see the same machine load.
    for (let round = 0; round < rounds; round++) {
      for (const [name, encoded, decode] of formats) {
        const t = performance.now();
        decode(encoded);
        times.set(name, (times.get(name) ?? 0) + performance.now() - t);
      }
    }
    for (const [name, encoded] of formats) {
      console.log(`   ${`${width}×${height}`.padEnd(9)} ${name.padEnd(21)} ${String(encoded.length).padEnd(9)} ${((times.get(name) ?? 0) / rounds).toFixed(1).padStart(8)}`);
    }
  }
}

void (async () => {
  console.log(`bench:devices — Node ${process.version}, ${new Date().toISOString()}`);
  framingBench();
  await wireBench();
  await imageBench();
})();
