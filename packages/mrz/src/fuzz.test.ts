import { MrzCodes } from './codes';
import { parseMrz } from './parse';
import { randomMrz } from './random';

/**
 * A million random strings through the parser: nothing may throw, and the internal-error safety net
 * of parseMrz must never be reached. Generation is cheap (slices of precomputed random pools) so the
 * run stays within seconds. One string in ten is shaped like an MRZ (right line count and lengths,
 * MRZ characters and confusables) and one in twenty is a valid MRZ with up to three characters replaced,
 * so the field parsing and repair paths are exercised too.
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
    const formats = ['TD1', 'TD2', 'TD3', 'MRVA', 'MRVB'] as const;
    const valid = Array.from({ length: 500 }, (_, k) => randomMrz(formats[k % 5] as (typeof formats)[number], () => next() / 4294967296, today).lines.join('\n'));
    let internal = 0;
    let validCount = 0;
    for (let i = 0; i < 1_000_000; i++) {
      let text: string;
      if (i % 20 === 1) {
        // A valid document with one to three random characters replaced: the repair's hardest inputs.
        const base = valid[next() % valid.length] as string;
        text = base;
        for (let k = 1 + (next() % 3); k > 0; k--) {
          const at = next() % base.length;
          if (text.charCodeAt(at) !== 10) text = text.slice(0, at) + MRZ_CHARS[next() % MRZ_CHARS.length] + text.slice(at + 1);
        }
      } else if (i % 10 === 0) {
        const [count, length] = SHAPES[next() % SHAPES.length] as readonly [number, number];
        text = slice(mrz, length);
        for (let line = 1; line < count; line++) text += '\n' + slice(mrz, length);
      } else {
        text = slice(noise, next() % 40);
      }
      const result = parseMrz(text, { today });
      if (result.errors.some((e) => e.code === MrzCodes.INTERNAL_ERROR)) internal++;
      if (result.valid) validCount++;
    }
    expect(internal).toBe(0);
    // Random text essentially never forms a valid MRZ; the mutated documents often stay (or are repaired) valid.
    expect(validCount).toBeGreaterThan(0);
    expect(validCount).toBeLessThan(50_000);
  });
});
