import { MrzCodes } from './codes';
import type { MrzError, MrzFormat } from './types';

export type Detection =
  | { error: null; format: MrzFormat; lines: string[] }
  | { error: MrzError; lines: string[] };

/** Whole-document lengths of an MRZ sent as one line by some readers. */
const JOINED: Readonly<Record<number, readonly [number, number]>> = { 88: [2, 44], 72: [2, 36], 90: [3, 30] };

function split(line: string, count: number, length: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(line.slice(i * length, (i + 1) * length));
  return out;
}

/** Lines cut to `length` when every line is at least that long and only fillers stand beyond it. */
function trimPadding(lines: string[], length: number): string[] | null {
  for (const line of lines) {
    if (line.length < length) return null;
    for (let i = length; i < line.length; i++) if (line.charCodeAt(i) !== 60) return null;
  }
  return lines.map((line) => line.slice(0, length));
}

/**
 * Some readers and OCR SDKs strip trailing fillers. When the longest line has a format's exact length and
 * the others are shorter, the missing fillers are put back (a reported warning): check digits still guard
 * every protected field, and a line cut anywhere but at its trailing fillers fails them.
 */
function restoreFillers(lines: string[], length: number): string[] | null {
  let longest = 0;
  for (const line of lines) longest = Math.max(longest, line.length);
  if (longest !== length) return null;
  return lines.map((line) => (line.length < length ? line + '<'.repeat(length - line.length) : line));
}

function sameLength(lines: string[], length: number): boolean {
  for (const line of lines) if (line.length !== length) return false;
  return true;
}

function addOnce(warnings: MrzError[], warning: MrzError): void {
  if (!warnings.some((w) => w.code === warning.code)) warnings.push(warning);
}

/**
 * Format by line count and length (3×30 TD1, 2×44 TD3/MRV-A, 2×36 TD2/MRV-B); the document code's
 * first character V tells a visa from a passport or card of the same size.
 */
export function detectFormat(input: string[], warnings: MrzError[]): Detection {
  let lines = input;
  if (lines.length === 0) return { error: { code: MrzCodes.EMPTY_INPUT, message: 'no MRZ text' }, lines };
  if (lines.length === 1) {
    const joined = JOINED[(lines[0] as string).length];
    if (joined) {
      lines = split(lines[0] as string, joined[0], joined[1]);
      warnings.push({ code: MrzCodes.INPUT_JOINED, message: `one ${joined[0] * joined[1]}-character line split into ${joined[0]} lines of ${joined[1]}` });
    }
  }
  const isVisa = lines[0]?.charCodeAt(0) === 86;
  if (lines.length === 3) {
    if (sameLength(lines, 30)) return { error: null, format: 'TD1', lines };
    const trimmed = trimPadding(lines, 30);
    if (trimmed) {
      addOnce(warnings, { code: MrzCodes.INPUT_PADDING, message: 'filler padding beyond the line length removed' });
      return { error: null, format: 'TD1', lines: trimmed };
    }
    const restored = restoreFillers(lines, 30);
    if (restored) {
      warnings.push({ code: MrzCodes.INPUT_FILLERS_RESTORED, message: 'trailing fillers missing from a line were restored' });
      return { error: null, format: 'TD1', lines: restored };
    }
    return { error: { code: MrzCodes.BAD_LENGTH, message: `3 lines of ${lines.map((l) => l.length).join(', ')} characters; TD1 needs 3 × 30` }, lines };
  }
  if (lines.length === 2) {
    if (sameLength(lines, 44)) return { error: null, format: isVisa ? 'MRVA' : 'TD3', lines };
    if (sameLength(lines, 36)) return { error: null, format: isVisa ? 'MRVB' : 'TD2', lines };
    for (const length of [44, 36]) {
      const trimmed = trimPadding(lines, length);
      if (trimmed) {
        addOnce(warnings, { code: MrzCodes.INPUT_PADDING, message: 'filler padding beyond the line length removed' });
        const format: MrzFormat = length === 44 ? (isVisa ? 'MRVA' : 'TD3') : isVisa ? 'MRVB' : 'TD2';
        return { error: null, format, lines: trimmed };
      }
    }
    for (const length of [44, 36]) {
      const restored = restoreFillers(lines, length);
      if (restored) {
        warnings.push({ code: MrzCodes.INPUT_FILLERS_RESTORED, message: 'trailing fillers missing from a line were restored' });
        const format: MrzFormat = length === 44 ? (isVisa ? 'MRVA' : 'TD3') : isVisa ? 'MRVB' : 'TD2';
        return { error: null, format, lines: restored };
      }
    }
    return {
      error: { code: MrzCodes.BAD_LENGTH, message: `2 lines of ${lines.map((l) => l.length).join(', ')} characters; TD3/MRV-A need 2 × 44, TD2/MRV-B 2 × 36` },
      lines,
    };
  }
  return {
    error: { code: MrzCodes.UNKNOWN_FORMAT, message: `${lines.length} line(s) of ${lines.map((l) => l.length).join(', ')} characters match no MRZ format (TD1 3×30, TD2/MRV-B 2×36, TD3/MRV-A 2×44)` },
    lines,
  };
}
