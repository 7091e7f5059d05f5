import { isMrzCode } from './alphabet';
import { MrzCodes } from './codes';
import type { MrzError } from './types';

export interface NormalizedInput {
  lines: string[];
  warnings: MrzError[];
}

const LF = 10;
const CR = 13;

/** True when the text is already clean MRZ lines separated by single LFs (the fast path). */
function isClean(text: string): boolean {
  const n = text.length;
  if (n === 0) return false;
  let previousWasLf = true; // forbids a leading LF and blank lines
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) {
      if (previousWasLf) return false;
      previousWasLf = true;
    } else if (isMrzCode(c)) {
      previousWasLf = false;
    } else {
      return false;
    }
  }
  return true;
}

/**
 * Turns reader output into MRZ lines: CR, LF or CRLF between lines; surrounding and inner whitespace
 * removed; lowercase uppercased; 3M-style `_` padding and filler look-alikes («, ‹) read as `<`; blank
 * lines dropped; control characters (STX/ETX framing) removed. Each kind of change is reported once as a warning so the caller can tell a clean read
 * from a repaired one. Other characters are kept, to be reported field by field.
 */
export function normalizeInput(text: string): NormalizedInput {
  if (isClean(text)) {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return { lines, warnings: [] };
  }
  let sawCr = false;
  let sawWhitespace = false;
  let sawLowercase = false;
  let sawUnderscore = false;
  let sawLookalike = false;
  let sawControl = false;
  const lines: string[] = [];
  // Kept characters are copied in runs (one slice per run), not one concatenation per character.
  let current = '';
  let runStart = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isMrzCode(c)) continue;
    if (i > runStart) current += text.slice(runStart, i);
    runStart = i + 1;
    if (c === CR || c === LF) {
      if (c === CR) sawCr = true;
      if (c === CR && text.charCodeAt(i + 1) === LF) {
        i++;
        runStart = i + 1;
      }
      if (current.length > 0) lines.push(current);
      current = '';
    } else if (c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || (c >= 0x2000 && c <= 0x200b) || c === 0x3000) {
      sawWhitespace = true;
    } else if (c < 32 || c === 127) {
      // STX/ETX framing and other control bytes some readers leave in their output.
      sawControl = true;
    } else if (c >= 97 && c <= 122) {
      sawLowercase = true;
      current += String.fromCharCode(c - 32);
    } else if (c === 95) {
      sawUnderscore = true;
      current += '<';
    } else if (c === 0xab || c === 0x2039) {
      sawLookalike = true;
      current += '<';
    } else {
      current += text[i];
    }
  }
  if (n > runStart) current += text.slice(runStart, n);
  if (current.length > 0) lines.push(current);
  const warnings: MrzError[] = [];
  if (sawCr) warnings.push({ code: MrzCodes.INPUT_LINE_ENDINGS, message: 'CR or CRLF line endings normalized to LF' });
  if (sawWhitespace) warnings.push({ code: MrzCodes.INPUT_WHITESPACE, message: 'whitespace removed from the MRZ text' });
  if (sawLowercase) warnings.push({ code: MrzCodes.INPUT_LOWERCASE, message: 'lowercase letters uppercased' });
  if (sawUnderscore) warnings.push({ code: MrzCodes.INPUT_PADDING, message: "'_' padding read as the filler '<'" });
  if (sawControl) warnings.push({ code: MrzCodes.INPUT_CONTROL, message: 'control characters (e.g. STX/ETX framing) removed' });
  if (sawLookalike) warnings.push({ code: MrzCodes.INPUT_FILLER_LOOKALIKE, message: "'«' or '‹' read as the filler '<'" });
  return { lines, warnings };
}
