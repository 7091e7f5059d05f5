/**
 * Live feedback on an MRZ being typed: per-field check digits as typed (no repair), and the corrections
 * the MRZ engine would make (with repair), for the officer to see before submitting. Pure, for tests.
 */
import { parseMrz, type MrzCorrection, type MrzFormat } from '@borderpost/mrz';

export interface MrzFeedback {
  /** Null until the lines have a recognisable layout. */
  format: MrzFormat | null;
  /** Check-digit fields in the layout's order, passed or failed as typed. */
  checks: Array<{ field: string; ok: boolean }>;
  /** What the engine would repair; empty when every check holds or no single repair fits. */
  proposed: MrzCorrection[];
  /** Codes of errors other than check digits (bad date, bad length, …). */
  errors: string[];
  valid: boolean;
  lines: string[];
}

export function mrzLinesOf(text: string): string[] {
  return text
    .toUpperCase()
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+/g, ''))
    .filter((line) => line.length > 0);
}

export function mrzFeedback(text: string, today?: Date): MrzFeedback {
  const lines = mrzLinesOf(text);
  if (lines.length === 0) return { format: null, checks: [], proposed: [], errors: [], valid: false, lines };
  const options = today ? { today } : {};
  const asTyped = parseMrz(lines.join('\n'), { ...options, repair: false });
  if (asTyped.format === null) return { format: null, checks: [], proposed: [], errors: asTyped.errors.map((error) => error.code), valid: false, lines };
  const checks = Object.entries(asTyped.checks).map(([field, ok]) => ({ field, ok }));
  const repaired = asTyped.valid ? null : parseMrz(lines.join('\n'), { ...options, repair: true });
  return {
    format: asTyped.format,
    checks,
    proposed: repaired?.valid ? repaired.corrections : [],
    errors: asTyped.errors.filter((error) => error.code !== 'MRZ_CHECK_FAILED').map((error) => error.code),
    valid: asTyped.valid,
    lines,
  };
}
