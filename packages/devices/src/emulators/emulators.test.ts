import { parseMrz } from '@borderpost/mrz';
import { CuteFramer } from '../framing/cute';
import { encodeGreyPng, decodeGreyPng } from '../fingerprint/png';
import { contrastQuality, syntheticFingerprint } from '../fingerprint/image';
import { ByteTrace } from '../trace';
import { createMemoryLink } from '../transport/memory';
import { EMULATED_FORMATS, syntheticDocuments } from './documents';
import { startMrzEmulator } from './mrz-serial';

describe('emulated documents', () => {
  it('are synthetic travellers in every MRZ format, each with valid check digits', () => {
    const next = syntheticDocuments(42);
    const formats = new Set<string>();
    for (let i = 0; i < 25; i++) {
      const result = parseMrz(next().join('\n'), { repair: false });
      expect(Object.values(result.checks).every(Boolean)).toBe(true);
      expect(result.errors).toEqual([]);
      formats.add(result.format ?? 'none');
    }
    expect([...formats].sort()).toEqual([...EMULATED_FORMATS].sort());
  });

  it('an MRZ emulator sends real CUTE frames on its transport', async () => {
    const link = createMemoryLink();
    const framer = new CuteFramer();
    const lines: string[][] = [];
    link.host.on('data', (bytes) => {
      for (const e of framer.push(bytes)) if (e.type === 'frame' && e.frame.kind === 'mrz') lines.push(e.frame.lines);
    });
    const emulator = startMrzEmulator({ protocol: 'cute', transport: link.device, nextDocument: syntheticDocuments(1), intervalMs: 30 });
    await new Promise((r) => setTimeout(r, 300));
    emulator.stop();
    expect(lines.length).toBeGreaterThanOrEqual(2);
  });
});

describe('synthetic fingerprints and PNG', () => {
  it('have ridges (not blank, not noise) and round-trip through PNG with their resolution', () => {
    const pixels = syntheticFingerprint(256, 288, 9);
    expect(contrastQuality({ width: 256, height: 288, pixels })).toBeGreaterThan(60);
    // Ridges are periodic: along the centre row the signal crosses its mean every few pixels, far more
    // regularly than noise would (noise crosses about every other pixel).
    const row = Array.from(pixels.subarray(144 * 256 + 64, 144 * 256 + 192));
    const mean = row.reduce((a, b) => a + b, 0) / row.length;
    let crossings = 0;
    for (let i = 1; i < row.length; i++) if ((row[i - 1]! - mean) * (row[i]! - mean) < 0) crossings += 1;
    expect(crossings).toBeGreaterThan(10);
    expect(crossings).toBeLessThan(60);
    const blank = new Uint8Array(256 * 288).fill(240);
    expect(contrastQuality({ width: 256, height: 288, pixels: blank })).toBe(0);
    const png = encodeGreyPng({ width: 256, height: 288, pixels, dpi: 500 });
    expect(decodeGreyPng(png)).toMatchObject({ width: 256, height: 288, dpi: 500 });
    expect(Buffer.from(decodeGreyPng(png).pixels).equals(Buffer.from(pixels))).toBe(true);
  });
});

describe('byte trace', () => {
  it('keeps the newest bytes within its budget and counts what it dropped', () => {
    const trace = new ByteTrace(10, () => 0);
    trace.rx(Buffer.from([1, 2, 3, 4, 5, 6]));
    trace.tx(Buffer.from([7, 8, 9, 10, 11, 12]));
    expect(trace.snapshot().map((e) => e.hex)).toEqual(['07 08 09 0a 0b 0c']);
    expect(trace.dropped).toBe(6);
    trace.rx(Buffer.alloc(50, 0xaa));
    expect(trace.snapshot().at(-1)!.hex.split(' ')).toHaveLength(10);
    expect(trace.format()).toContain('rx   aa aa');
  });
});
