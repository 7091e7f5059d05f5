import { BorderpostError } from '@borderpost/common';
import { MrzCodes } from './codes';

/**
 * MRZ character values for check digits, indexed by char code: 0-9 → 0-9, A-Z → 10-35, '<' → 0,
 * anything else → -1. A typed array lookup keeps the hot path free of regexes and branches.
 */
export const CHAR_VALUE = new Int8Array(128).fill(-1);
for (let c = 48; c <= 57; c++) CHAR_VALUE[c] = c - 48;
for (let c = 65; c <= 90; c++) CHAR_VALUE[c] = c - 55;
CHAR_VALUE[60] = 0;

export const FILLER = 60; // '<'
/** ICAO 9303 Part 3 weights, repeating from the first character. */
export const WEIGHTS = [7, 3, 1] as const;

export function charValue(code: number): number {
  return code < 128 ? (CHAR_VALUE[code] as number) : -1;
}

export function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function isLetterCode(code: number): boolean {
  return code >= 65 && code <= 90;
}

/** True for 0-9, A-Z and '<'. */
export function isMrzCode(code: number): boolean {
  return code < 128 && (CHAR_VALUE[code] as number) >= 0;
}

/** Check-digit sum over s[start, end) with weights restarting at `start`; -1 if a character is not an MRZ character. */
export function weightedSum(s: string, start: number, end: number, weightOffset = 0): number {
  let sum = 0;
  for (let i = start, k = weightOffset; i < end; i++, k++) {
    const v = charValue(s.charCodeAt(i));
    if (v < 0) return -1;
    sum += v * (WEIGHTS[k % 3] as number);
  }
  return sum;
}

/**
 * ICAO 9303 check digit (7-3-1 weights over 0-9, A-Z, '<'). Throws MRZ_INVALID_FIELD for any
 * other character (lowercase included: callers normalize first).
 */
export function checkDigit(value: string): number {
  const sum = weightedSum(value, 0, value.length);
  if (sum < 0) {
    throw new BorderpostError(MrzCodes.INVALID_FIELD, `check digit: "${value}" contains a character outside 0-9, A-Z and '<'`);
  }
  return sum % 10;
}
