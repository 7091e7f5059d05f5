import { readFileSync } from 'node:fs';
import { DeviceError } from '../errors';

/**
 * JPEG 2000 for finger images (ISO 19794-4 compression 4 lossy / 5 lossless, what certified SBI
 * devices send), through `@cornerstonejs/codec-openjpeg`: OpenJPEG compiled to WebAssembly by the
 * Cornerstone medical-imaging project. It has no native part (nothing to compile or approve at
 * install, loads the same in Node and Electron) and ships CommonJS. The module is an Emscripten
 * factory: it is initialised once, lazily, with the .wasm read from the package (`exports["./wasm"]`),
 * so nothing is fetched and importing this file costs nothing until a JPEG 2000 image appears.
 */

export interface GreyImage {
  width: number;
  height: number;
  /** Row-major, one byte per pixel. */
  pixels: Uint8Array;
}

interface FrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
}

interface J2KDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  readHeader(): void;
  decode(): void;
  getFrameInfo(): FrameInfo;
  getIsReversible(): boolean;
  delete(): void;
}

interface J2KEncoder {
  getDecodedBuffer(frameInfo: FrameInfo): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  setQuality(lossless: boolean, quality: number): void;
  setDecompositions(levels: number): void;
  encode(): void;
  delete(): void;
}

interface OpenJpegModule {
  J2KDecoder: new () => J2KDecoder;
  J2KEncoder: new () => J2KEncoder;
}

type OpenJpegFactory = (options: { wasmBinary: Uint8Array; print: (text: string) => void; printErr: (text: string) => void }) => Promise<OpenJpegModule>;

/** Largest image we decode: a 4-finger slap at 1000 ppi is ~3200 × 3000; beyond that is not a finger. */
export const MAX_JPEG2000_PIXELS = 16 * 1024 * 1024;

/** OpenJPEG's own messages ("[ERROR] …"): kept for the error we raise, never printed on stdout (the CLI's JSON). */
const messages: string[] = [];
let loading: Promise<OpenJpegModule> | undefined;
let loaded: OpenJpegModule | undefined;

/** Loads the codec once; later calls return the same instance. */
export function loadJpeg2000(): Promise<void> {
  loading ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an Emscripten CommonJS factory without typings, loaded only when a JPEG 2000 image appears
    const factory = require('@cornerstonejs/codec-openjpeg/wasmjs') as OpenJpegFactory;
    const wasmBinary = readFileSync(require.resolve('@cornerstonejs/codec-openjpeg/wasm'));
    const remember = (text: string) => {
      messages.push(text);
      if (messages.length > 20) messages.shift();
    };
    return factory({ wasmBinary, print: remember, printErr: remember });
  })().then(
    (module) => (loaded = module),
    (error: unknown) => {
      loading = undefined;
      throw new DeviceError('DEVICE_UNSUPPORTED', `the JPEG 2000 decoder (@cornerstonejs/codec-openjpeg) could not be loaded: ${error instanceof Error ? error.message : String(error)}`, {}, { cause: error });
    },
  );
  return loading.then(() => undefined);
}

export function isJpeg2000Loaded(): boolean {
  return loaded !== undefined;
}

function codec(): OpenJpegModule {
  if (!loaded) throw new DeviceError('DEVICE_UNSUPPORTED', 'the JPEG 2000 decoder is not loaded (await loadJpeg2000() first)');
  return loaded;
}

const JP2_SIGNATURE = Buffer.from('0000000c6a5020200d0a870a', 'hex');
const J2K_SOC_SIZ = Buffer.from('ff4fff51', 'hex');

/**
 * The JPEG 2000 codestream of a JP2 file (the `jp2c` box) or of a raw codestream (starts SOC SIZ).
 * ISO 19794-4 allows either; devices differ. Walking the boxes here rather than asking OpenJPEG to
 * guess keeps one decoding path and a precise error for a broken container.
 */
export function jpeg2000Codestream(bytes: Uint8Array): Buffer {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (data.subarray(0, 4).equals(J2K_SOC_SIZ)) return data;
  if (!data.subarray(0, 12).equals(JP2_SIGNATURE)) {
    throw new DeviceError('DEVICE_PROTOCOL_ERROR', `not a JPEG 2000 image: starts ${data.subarray(0, 8).toString('hex') || '(empty)'}, neither a JP2 signature box nor a codestream (ff4fff51)`);
  }
  let offset = 0;
  while (offset + 8 <= data.length) {
    let length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    let header = 8;
    if (length === 1) {
      // XLBox: a 64-bit length follows the type.
      if (offset + 16 > data.length) break;
      const long = data.readBigUInt64BE(offset + 8);
      if (long > BigInt(data.length)) break;
      length = Number(long);
      header = 16;
    } else if (length === 0) {
      length = data.length - offset; // the last box runs to the end of the file
    }
    if (length < header || offset + length > data.length) break;
    if (type === 'jp2c') {
      const codestream = data.subarray(offset + header, offset + length);
      if (!codestream.subarray(0, 4).equals(J2K_SOC_SIZ)) throw new DeviceError('DEVICE_PROTOCOL_ERROR', 'the JP2 file\'s codestream box does not start with SOC SIZ');
      return codestream;
    }
    offset += length;
  }
  throw new DeviceError('DEVICE_PROTOCOL_ERROR', 'the JP2 file has no complete codestream (jp2c) box: truncated or corrupt');
}

/**
 * Decodes a JPEG 2000 image (JP2 or codestream) to 8-bit greyscale. Call `loadJpeg2000()` once
 * before. Corrupt or truncated data ends as a DeviceError (`DEVICE_PROTOCOL_ERROR`), images we do
 * not turn into greyscale (more than 4 components, over 16 bits, too large) as `DEVICE_UNSUPPORTED`.
 * `reversible` is the wavelet (5/3): necessary for lossless, not sufficient (layers may be dropped).
 */
export function decodeJpeg2000Grey(bytes: Uint8Array): GreyImage & { reversible: boolean; bitsPerSample: number } {
  const codestream = jpeg2000Codestream(bytes);
  const module = codec();
  messages.length = 0;
  let decoder: J2KDecoder | undefined;
  try {
    // The declared size first, so a bomb (huge Xsiz × Ysiz) is refused before memory is spent on it
    // (this build's readHeader() does not fill getFrameInfo(), so SIZ is read here).
    const declared = readSiz(codestream);
    if (declared.width < 1 || declared.height < 1 || declared.width * declared.height > MAX_JPEG2000_PIXELS) {
      throw new DeviceError('DEVICE_UNSUPPORTED', `JPEG 2000 image of ${declared.width} × ${declared.height} pixels is outside what a finger image can be (at most ${MAX_JPEG2000_PIXELS} pixels)`);
    }
    if (declared.components < 1 || declared.components > 4 || declared.bitsPerSample < 1 || declared.bitsPerSample > 16) {
      throw new DeviceError('DEVICE_UNSUPPORTED', `JPEG 2000 image with ${declared.components} components of ${declared.bitsPerSample} bits is not a greyscale finger image we convert`);
    }
    decoder = new module.J2KDecoder();
    decoder.getEncodedBuffer(codestream.length).set(codestream);
    // decode() reports some failures only as "[ERROR]" lines and an empty frame: both are checked.
    decoder.decode();
    const info = { ...decoder.getFrameInfo() };
    if (info.width !== declared.width || info.height !== declared.height || info.componentCount !== declared.components) {
      throw codecError('the JPEG 2000 image could not be decoded (corrupt or truncated)', undefined);
    }
    const decoded = decoder.getDecodedBuffer();
    const pixels = toGrey8(decoded, info);
    return { width: info.width, height: info.height, pixels, reversible: decoder.getIsReversible(), bitsPerSample: info.bitsPerSample };
  } catch (error) {
    if (error instanceof DeviceError) throw error;
    throw codecError('the JPEG 2000 image could not be decoded (corrupt or truncated)', error);
  } finally {
    try {
      decoder?.delete();
    } catch {
      // A decoder whose module aborted cannot be deleted; the module is dropped below.
    }
  }
}

/**
 * Encodes 8-bit greyscale as a lossless (reversible 5/3 wavelet) JPEG 2000 codestream, as certified
 * devices do for compression 5. Used by the SBI emulator and tests.
 */
export function encodeJpeg2000Lossless(image: GreyImage): Buffer {
  if (image.pixels.length !== image.width * image.height) throw new DeviceError('DEVICE_CONFIG_INVALID', 'pixel count does not match width × height');
  const module = codec();
  messages.length = 0;
  let encoder: J2KEncoder | undefined;
  try {
    encoder = new module.J2KEncoder();
    encoder.getDecodedBuffer({ width: image.width, height: image.height, bitsPerSample: 8, componentCount: 1, isSigned: false }).set(image.pixels);
    encoder.setQuality(true, 0);
    // OpenJPEG refuses more wavelet levels than the smallest side allows (each level halves it).
    encoder.setDecompositions(Math.max(0, Math.min(5, Math.floor(Math.log2(Math.min(image.width, image.height))) - 2)));
    encoder.encode();
    return Buffer.from(encoder.getEncodedBuffer());
  } catch (error) {
    throw codecError('the JPEG 2000 encoder failed', error);
  } finally {
    encoder?.delete();
  }
}

/** Image size, components and precision from the SIZ marker segment, which must follow SOC. */
function readSiz(codestream: Buffer): { width: number; height: number; components: number; bitsPerSample: number } {
  // SOC(2) SIZ(2) Lsiz(2) Rsiz(2) Xsiz(4) Ysiz(4) XOsiz(4) YOsiz(4) XTsiz(4) YTsiz(4) XTOsiz(4) YTOsiz(4) Csiz(2) Ssiz(1)…
  if (codestream.length < 4 + 38 + 3) throw new DeviceError('DEVICE_PROTOCOL_ERROR', `the JPEG 2000 codestream is truncated: ${codestream.length} bytes, shorter than its size header`);
  const width = codestream.readUInt32BE(8) - codestream.readUInt32BE(16);
  const height = codestream.readUInt32BE(12) - codestream.readUInt32BE(20);
  const components = codestream.readUInt16BE(40);
  const bitsPerSample = (codestream[42]! & 0x7f) + 1;
  return { width, height, components, bitsPerSample };
}

function toGrey8(decoded: Uint8Array, info: FrameInfo): Uint8Array {
  const count = info.width * info.height;
  const bytesPerSample = info.bitsPerSample > 8 ? 2 : 1;
  const components = info.componentCount;
  if (decoded.length < count * components * bytesPerSample) throw new DeviceError('DEVICE_PROTOCOL_ERROR', 'the JPEG 2000 decoder returned fewer samples than the image declares');
  const view = new DataView(decoded.buffer, decoded.byteOffset, decoded.byteLength);
  const max = 2 ** info.bitsPerSample - 1;
  const offset = info.isSigned ? 2 ** (info.bitsPerSample - 1) : 0;
  const sample = (i: number): number => {
    const raw = bytesPerSample === 2 ? (info.isSigned ? view.getInt16(i * 2, true) : view.getUint16(i * 2, true)) : info.isSigned ? view.getInt8(i) : decoded[i]!;
    return raw + offset;
  };
  const pixels = new Uint8Array(count);
  if (components === 1 && info.bitsPerSample === 8 && !info.isSigned) {
    pixels.set(decoded.subarray(0, count));
    return pixels;
  }
  // Colour (interleaved samples): the mean of the first three channels; a fourth (alpha) is ignored.
  const used = Math.min(components, 3);
  for (let p = 0; p < count; p++) {
    let sum = 0;
    for (let c = 0; c < used; c++) sum += sample(p * components + c);
    pixels[p] = Math.round(((sum / used) * 255) / max);
  }
  return pixels;
}

function codecError(what: string, error: unknown): DeviceError {
  // Emscripten reports C++ exceptions as a bare pointer (a number) and an abort as a RuntimeError;
  // OpenJPEG's own "[ERROR]" lines say what was wrong. After an abort the instance is unusable: drop it.
  const aborted = error instanceof Error && /abort|RuntimeError|unreachable|memory/i.test(`${error.name} ${error.message}`);
  if (aborted) {
    loaded = undefined;
    loading = undefined;
  }
  const said = messages.filter((m) => /error/i.test(m)).map((m) => m.replace(/^\[ERROR\]\s*/, '').trim()).slice(-3);
  const fallback = error === undefined ? 'no image came out of the decoder' : error instanceof Error ? error.message : `codec exception ${String(error)}`;
  const detail = said.length > 0 ? said.join('; ') : fallback;
  return new DeviceError('DEVICE_PROTOCOL_ERROR', `${what}: ${detail}`, { decoder: 'openjpeg', ...(aborted ? { reloaded: true } : {}) }, { cause: error });
}
