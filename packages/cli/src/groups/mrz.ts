import { StringDecoder } from 'node:string_decoder';
import { foldDocumentNumber, formatMrz, parseMrz, randomTraveller, transliterate, type MrzFormat } from '@borderpost/mrz';
import type { CommandGroup } from '../group';
import { UsageError } from '../exit';
import { writeJsonLine } from '../io';
import { seededRandom as seeded } from '@borderpost/common';

const FORMATS: Readonly<Record<string, MrzFormat>> = { TD1: 'TD1', TD2: 'TD2', TD3: 'TD3', MRVA: 'MRVA', 'MRV-A': 'MRVA', MRVB: 'MRVB', 'MRV-B': 'MRVB' };

/**
 * Splits reader output into documents: blocks separated by one or more blank lines. Each block keeps
 * its original line endings and whitespace so the parser can report what it normalized.
 */
export function splitBlocks(text: string): string[] {
  const blocks: string[] = [];
  let current = '';
  const lineWithEnding = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
  let match: RegExpExecArray | null;
  while ((match = lineWithEnding.exec(text)) !== null && match[0].length > 0) {
    const raw = match[0];
    if (raw.trim().length === 0) {
      if (current.length > 0) blocks.push(current);
      current = '';
    } else {
      current += raw;
    }
  }
  if (current.trim().length > 0) blocks.push(current);
  return blocks;
}

/**
 * Yields documents as soon as the blank line that ends them arrives, so a reader piped into
 * `mrz parse` gets one JSON line per card without waiting for end of input.
 */
export async function* streamBlocks(input: AsyncIterable<unknown>): AsyncGenerator<string> {
  // Decoded across reads: a multi-byte character split between two chunks stays one character.
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    const cut = lastBlankLineEnd(pending);
    if (cut > 0) {
      yield* splitBlocks(pending.slice(0, cut));
      pending = pending.slice(cut);
    }
  }
  yield* splitBlocks(pending + decoder.end());
}

/** End offset of the last complete blank line (a lone CR at the very end may still become CRLF). */
function lastBlankLineEnd(text: string): number {
  let cut = 0;
  const lineWithEnding = /[^\r\n]*(?:\r\n|\r|\n)/g;
  let match: RegExpExecArray | null;
  while ((match = lineWithEnding.exec(text)) !== null) {
    const end = match.index + match[0].length;
    if (match[0].trim().length === 0 && !(end === text.length && text.endsWith('\r'))) cut = end;
  }
  return cut;
}

function parseToday(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T12:00:00Z`))) {
    throw new UsageError('--today must be a date YYYY-MM-DD');
  }
  return new Date(`${value}T12:00:00Z`);
}

function positiveInteger(name: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1_000_000) throw new UsageError(`--${name} must be an integer from 1 to 1000000`);
  return Number(value);
}


/** `borderpost mrz parse | generate | transliterate | fold`. */
export const mrzGroup: CommandGroup = {
  name: 'mrz',
  description: 'ICAO 9303 machine-readable zones: parse and repair reader output, generate synthetic documents',
  register(group, io) {
    group
      .command('parse')
      .description('Read MRZ text on stdin (one document per block, blocks separated by a blank line); print one JSON object per document (JSON Lines). Invalid documents are output lines, not failures.')
      .option('--no-repair', 'do not apply check-digit-driven OCR repair')
      .option('--today <date>', 'reference day for the century rule (YYYY-MM-DD, default: today)')
      .action(async (options: { repair: boolean; today?: string }) => {
        const today = parseToday(options.today);
        for await (const block of streamBlocks(io.stdin)) {
          writeJsonLine(io.stdout, parseMrz(block, today ? { repair: options.repair, today } : { repair: options.repair }));
        }
      });

    group
      .command('generate')
      .description('Print valid synthetic MRZs of random travellers as JSON Lines ({format, fields, lines}), or as MRZ text blocks with --text')
      .option('--format <format>', 'TD1, TD2, TD3, MRVA or MRVB', 'TD3')
      .option('--count <n>', 'how many documents', '1')
      .option('--seed <n>', 'reproducible output for the same seed')
      .option('--text', 'print MRZ text blocks separated by blank lines (input for `mrz parse` and emulators)')
      .action((options: { format: string; count: string; seed?: string; text?: boolean }) => {
        const format = FORMATS[options.format.toUpperCase()];
        if (!format) throw new UsageError(`--format must be one of TD1, TD2, TD3, MRVA, MRVB (got "${options.format}")`);
        const count = positiveInteger('count', options.count);
        const rng = options.seed === undefined ? Math.random : seeded(positiveInteger('seed', options.seed));
        for (let i = 0; i < count; i++) {
          const fields = randomTraveller(rng, { format });
          const lines = formatMrz(fields, format);
          if (options.text) io.stdout.write((i > 0 ? '\n' : '') + lines.join('\n') + '\n');
          else writeJsonLine(io.stdout, { format, fields, lines });
        }
      });

    group
      .command('transliterate')
      .description('ICAO 9303 Part 3 transliteration of a name (Latin, Cyrillic, Arabic) into MRZ characters')
      .argument('<name...>', 'the name as written')
      .action((parts: string[]) => {
        const input = parts.join(' ');
        writeJsonLine(io.stdout, { input, mrz: transliterate(input) });
      });

    group
      .command('fold')
      .description('Confusion-folded key of a document number (O→0, I→1, S→5, B→8, …) for alert-list lookups')
      .argument('<documentNumber>')
      .action((documentNumber: string) => {
        writeJsonLine(io.stdout, { documentNumber, key: foldDocumentNumber(documentNumber) });
      });
  },
};
