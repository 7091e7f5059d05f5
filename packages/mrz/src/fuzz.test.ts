import { MrzCodes } from './codes';
import { parseMrz } from './parse';

/**
 * A million random strings through the parser: nothing may throw, and the internal-error safety net
 * of parseMrz must never be reached. Generation is a cheap xorshift over a precomputed alphabet so the
 * run stays within seconds. One string in ten is shaped like an MRZ (right line count and lengths,
 * MRZ characters and confusables) so the field parsing and repair paths are exercised too.
 */
const NOISE = Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<<<<<\n\n\r _abcxyzÄÖ«‹|*-/\u00a0\u0000é');
const MRZ_CHARS = Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<<<<<<<OIZSGBD');
const SHAPES: ReadonlyArray<readonly [number, number]> = [[3, 30], [2, 36], [2, 44]];

describe('fuzz', () => {
  it('parses a million random strings without throwing', () => {
    let state = 0x9e3779b9;
    const next = (): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state >>> 0;
    };
    const today = new Date('2026-11-28T12:00:00Z');
    let internal = 0;
    let valid = 0;
    for (let i = 0; i < 1_000_000; i++) {
      let text = '';
      if (i % 10 === 0) {
        const [count, length] = SHAPES[next() % SHAPES.length] as readonly [number, number];
        for (let line = 0; line < count; line++) {
          if (line > 0) text += '\n';
          for (let c = 0; c < length; c++) text += MRZ_CHARS[next() % MRZ_CHARS.length];
        }
      } else {
        const length = next() % 40;
        for (let c = 0; c < length; c++) text += NOISE[next() % NOISE.length];
      }
      const result = parseMrz(text, { today });
      if (result.errors.some((e) => e.code === MrzCodes.INTERNAL_ERROR)) internal++;
      if (result.valid) valid++;
    }
    expect(internal).toBe(0);
    // Random text essentially never forms a valid MRZ (every check digit and date would have to hold).
    expect(valid).toBeLessThan(10);
  });
});
