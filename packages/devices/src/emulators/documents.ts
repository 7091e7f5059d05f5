import { formatMrz, type MrzFormat, parseMrz, randomTraveller } from '@borderpost/mrz';
import { seededRandom } from '../fingerprint/image';

/** Every MRZ format an emulator cycles through, so each reader sees all of them. */
export const EMULATED_FORMATS: readonly MrzFormat[] = ['TD3', 'TD1', 'TD2', 'MRVA', 'MRVB'];

/**
 * Synthetic travellers' MRZs (valid check digits, from @borderpost/mrz), cycling through the formats.
 * Seeded so a test or a training room sees the same queue every time.
 */
export function syntheticDocuments(seed = 1, formats: readonly MrzFormat[] = EMULATED_FORMATS): () => string[] {
  const rng = seededRandom(seed);
  let index = 0;
  return () => {
    const format = formats[index++ % formats.length]!;
    return formatMrz(randomTraveller(rng, { format }), format);
  };
}

/** True when every check digit of the lines passes: the trust test for wedge reads. */
export function mrzChecksPass(lines: string[]): boolean {
  return parseMrz(lines.join('\n'), { repair: false }).valid;
}
