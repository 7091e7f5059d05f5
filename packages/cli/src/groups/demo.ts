import { seededRandom } from '@borderpost/common';
import { parseMrz, randomMrz, type MrzFormat } from '@borderpost/mrz';
import type { CommandGroup } from '../group';
import { demoCredentials, startDemoSystem } from './demo-system';
import { writeJsonLine } from '../io';

/**
 * Letters a reader's OCR mistakes for digits. G/6 is left out on purpose: G (16) and 6 give the same
 * check-digit contribution, so no check digit can see that slip (packages/mrz README).
 */
const MISREAD_OF_DIGIT: Record<string, string> = { '0': 'O', '1': 'I', '5': 'S', '8': 'B', '2': 'Z' };

/**
 * `borderpost demo` — shows the MRZ engine on synthetic passports: a clean read, then a read with an
 * OCR slip in the document number that the check digits repair. `borderpost demo --system` (what
 * `npm start` runs) then starts the whole system on one machine (central, an enrolled post with emulated
 * devices, the officer UI in browser mode) until Ctrl-C; `--exit-after-ready` stops it as soon as it is up
 * (CI, tests: a non-interactive run never hangs).
 */
export const demoGroup: CommandGroup = {
  name: 'demo',
  description: 'Run the Borderpost demo (what `npm start` runs)',
  register(group, io) {
    group
      .option('--seed <n>', 'seed for the synthetic travellers', '2026')
      .option('--system', 'then run the whole system on one machine until Ctrl-C (central, a post with emulated devices, the officer UI)')
      .option('--exit-after-ready', 'with --system: stop everything as soon as it is ready (CI)')
      .option('--no-build', 'with --system: do not build the officer UI when its bundle is missing')
      .action(async (options: { seed: string; system?: boolean; exitAfterReady?: boolean; build: boolean }) => {
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
      if (options.system) await runSystem(options, (line) => writeJsonLine(io.stdout, line));
    });
  },
};

async function runSystem(options: { exitAfterReady?: boolean; build: boolean }, say: (line: Record<string, unknown>) => void): Promise<void> {
  const demo = await startDemoSystem({ buildUi: options.build, say });
  say({
    demo: 'ready',
    url: demo.launchUrl,
    signIn: demoCredentials.officer,
    supervisor: demoCredentials.supervisor,
    message: 'Open the URL in a browser and sign in; Ctrl-C stops everything.',
  });
  if (!options.exitAfterReady) {
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  }
  await demo.stop();
  say({ demo: 'stopped' });
}

/** The TD3 document number is line 2, characters 1–9: swap its first digit that OCR could misread. */
function misreadDocumentNumber(lines: string[]): string[] | null {
  const line2 = lines[1] ?? '';
  for (let i = 0; i < 9; i++) {
    const letter = MISREAD_OF_DIGIT[line2[i] ?? ''];
    if (letter) return [lines[0] ?? '', line2.slice(0, i) + letter + line2.slice(i + 1)];
  }
  return null;
}
