import { MrzCodes } from './codes';
import { parseMrz } from './parse';

/**
 * A million random strings through the parser: nothing may throw, and the internal-error safety net
 * of parseMrz must never be reached. Generation is cheap (slices of precomputed random pools) so the
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
    // Generation must stay cheap next to parsing: strings are slices at random offsets of two
    // precomputed random pools (free-form noise, and MRZ characters for the shaped inputs).
    const pool = (alphabet: string[], size: number): string => {
      const chars: string[] = new Array<string>(size);
      for (let i = 0; i < size; i++) chars[i] = alphabet[next() % alphabet.length] as string;
      return chars.join('');
    };
    const noise = pool(NOISE, 1 << 20);
    const mrz = pool(MRZ_CHARS, 1 << 20);
    const slice = (source: string, length: number): string => {
      const at = next() % (source.length - length);
      return source.slice(at, at + length);
    };
    const today = new Date('2026-11-28T12:00:00Z');
    let internal = 0;
    let valid = 0;
    for (let i = 0; i < 1_000_000; i++) {
      let text: string;
      if (i % 10 === 0) {
        const [count, length] = SHAPES[next() % SHAPES.length] as readonly [number, number];
        text = slice(mrz, length);
        for (let line = 1; line < count; line++) text += '\n' + slice(mrz, length);
      } else {
        text = slice(noise, next() % 40);
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
