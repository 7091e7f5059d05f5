import { seededRandom } from '@borderpost/common';
import { parseMrz, randomMrz, type MrzFormat } from '@borderpost/mrz';
import type { CommandGroup } from '../group';
import { writeJsonLine } from '../io';

/**
 * Letters a reader's OCR mistakes for digits. G/6 is left out on purpose: G (16) and 6 give the same
 * check-digit contribution, so no check digit can see that slip (packages/mrz README).
 */
const MISREAD_OF_DIGIT: Record<string, string> = { '0': 'O', '1': 'I', '5': 'S', '8': 'B', '2': 'Z' };

/**
 * `borderpost demo` — what `npm start` runs. For now it shows the MRZ engine on synthetic passports:
 * a clean read, then a read with an OCR slip in the document number that the check digits repair.
 * Later issues grow it into the whole system on one machine (central server, an enrolled post,
 * emulated devices, the officer UI).
 */
export const demoGroup: CommandGroup = {
  name: 'demo',
  description: 'Run the Borderpost demo (what `npm start` runs)',
  register(group, io) {
    group.option('--seed <n>', 'seed for the synthetic travellers', '2026').action((options: { seed: string }) => {
      const rng = seededRandom(Number(options.seed) || 2026);
      writeJsonLine(io.stdout, {
        demo: 'borderpost',
        message: 'Synthetic documents read by the MRZ engine; see `npx borderpost --help` for every command.',
      });
      for (const format of ['TD3', 'TD1', 'MRVA'] as MrzFormat[]) {
        const { lines } = randomMrz(format, rng);
        const read = parseMrz(lines.join('\n'));
        writeJsonLine(io.stdout, { step: 'clean read', format, lines, valid: read.valid, surname: read.surname, givenNames: read.givenNames, documentNumber: read.documentNumber, birthDate: read.birthDate, expiryDate: read.expiryDate });
      }
      // A few synthetic passports have no digit an OCR engine would misread in their number: try the next.
      for (let attempt = 0; attempt < 50; attempt++) {
        const { lines } = randomMrz('TD3', rng);
        const misread = misreadDocumentNumber(lines);
        if (!misread) continue;
        const read = parseMrz(misread.join('\n'));
        if (read.corrections.length === 0) continue;
        writeJsonLine(io.stdout, { step: 'OCR slip repaired by check digits', printed: lines, read: misread, valid: read.valid, documentNumber: read.documentNumber, corrections: read.corrections });
        break;
      }
    });
  },
};

/** The TD3 document number is line 2, characters 1–9: swap its first digit that OCR could misread. */
function misreadDocumentNumber(lines: string[]): string[] | null {
  const line2 = lines[1] ?? '';
  for (let i = 0; i < 9; i++) {
    const letter = MISREAD_OF_DIGIT[line2[i] ?? ''];
    if (letter) return [lines[0] ?? '', line2.slice(0, i) + letter + line2.slice(i + 1)];
  }
  return null;
}
