import { isMrzCode } from './alphabet';
import { checkedFields, compositeOf, documentNumberSpan, Slot, verifyComposite, verifyField } from './checked';
import { MrzCodes } from './codes';
import { DEPRECATED_CODES, isKnownCountryCode, SPECIMEN_CODES } from './countries';
import { parseMrzDate } from './dates';
import { detectFormat } from './detect';
import { LAYOUTS, type Layout } from './layout';
import { parseName } from './names';
import { normalizeInput } from './normalize';
import { repairMrz } from './repair';
import type { MrzDocumentKind, MrzError, MrzResult, MrzSex, ParseOptions } from './types';

/** `s` with leading and trailing fillers removed (inner fillers kept: some issuers use them). */
export function stripFillers(s: string, start: number, end: number): string {
  while (start < end && s.charCodeAt(start) === 60) start++;
  while (end > start && s.charCodeAt(end - 1) === 60) end--;
  return s.slice(start, end);
}

function stripTrailingFillers(s: string, start: number, end: number): string {
  while (end > start && s.charCodeAt(end - 1) === 60) end--;
  return s.slice(start, end);
}

function kindOf(code: number): MrzDocumentKind {
  switch (code) {
    case 80: // P
      return 'passport';
    case 86: // V
      return 'visa';
    case 73: // I
      return 'id-card';
    default:
      return 'other';
  }
}

function emptyResult(lines: string[], errors: MrzError[], warnings: MrzError[]): MrzResult {
  return {
    format: null,
    documentCode: null,
    kind: null,
    issuingState: null,
    surname: null,
    givenNames: null,
    nameTruncated: false,
    documentNumber: null,
    nationality: null,
    birthDate: null,
    sex: null,
    expiryDate: null,
    optionalData: null,
    valid: false,
    checks: {},
    corrections: [],
    errors,
    warnings,
    lines,
  };
}

function checkCountry(code: string, field: string, label: string, errors: MrzError[], warnings: MrzError[]): void {
  if (code.length === 0) {
    errors.push({ code: MrzCodes.BAD_COUNTRY, message: `${label} is missing`, field });
  } else if (SPECIMEN_CODES.has(code)) {
    warnings.push({ code: MrzCodes.SPECIMEN_COUNTRY, message: `${label} ${code} is used only on ICAO specimens`, field });
  } else if (DEPRECATED_CODES.has(code)) {
    warnings.push({ code: MrzCodes.DEPRECATED_COUNTRY, message: `${label} ${code} is a deprecated code`, field });
  } else if (!isKnownCountryCode(code)) {
    warnings.push({ code: MrzCodes.UNKNOWN_COUNTRY, message: `${label} ${code} is not an ICAO 9303 code`, field });
  }
}

/** Reads every field of MRZ text `s` (lines joined) laid out as `layout`; no repair. */
export function analyze(lines: string[], s: string, layout: Layout, today: Date, warnings: MrzError[]): MrzResult {
  const errors: MrzError[] = [];
  const format = layout.format;

  let badAt = -1;
  for (let i = 0; i < s.length; i++) {
    if (!isMrzCode(s.charCodeAt(i))) {
      badAt = i;
      break;
    }
  }
  if (badAt >= 0) {
    const line = Math.floor(badAt / layout.lineLength) + 1;
    const column = (badAt % layout.lineLength) + 1;
    errors.push({ code: MrzCodes.BAD_CHARACTER, message: `"${s[badAt]}" at line ${line} column ${column} is not an MRZ character (0-9, A-Z, <)` });
  }

  // Document code: a letter, then a letter or '<'.
  const c0 = s.charCodeAt(0);
  const c1 = s.charCodeAt(1);
  const codeOk = c0 >= 65 && c0 <= 90 && ((c1 >= 65 && c1 <= 90) || c1 === 60);
  const documentCode = stripTrailingFillers(s, 0, 2);
  if (!codeOk) {
    errors.push({ code: MrzCodes.BAD_DOCUMENT_CODE, message: `document code "${s.slice(0, 2)}" is not a letter followed by a letter or <`, field: 'documentCode' });
  } else if ((format === 'TD1' || format === 'TD2') && c0 !== 65 && c0 !== 67 && c0 !== 73) {
    warnings.push({ code: MrzCodes.DOCUMENT_CODE_FORMAT, message: `document code ${documentCode} is unusual for ${format} (ICAO: A, C or I)`, field: 'documentCode' });
  } else if (format === 'TD3' && c0 !== 80) {
    warnings.push({ code: MrzCodes.DOCUMENT_CODE_FORMAT, message: `document code ${documentCode} is unusual for TD3 (ICAO: P)`, field: 'documentCode' });
  } else if ((format === 'TD1' || format === 'TD2') && c1 === 86) {
    warnings.push({ code: MrzCodes.DOCUMENT_CODE_FORMAT, message: `document code ${documentCode}: a second character V is reserved for visas`, field: 'documentCode' });
  }

  const issuingState = stripTrailingFillers(s, 2, 5);
  checkCountry(issuingState, 'issuingState', 'issuing state', errors, warnings);
  const nationality = stripTrailingFillers(s, layout.nationality, layout.nationality + 3);
  checkCountry(nationality, 'nationality', 'nationality', errors, warnings);

  const name = parseName(s.slice(layout.nameStart, layout.nameEnd));
  if (name.unusualCharacters) {
    warnings.push({ code: MrzCodes.NAME_CHARACTERS, message: 'the name holds characters other than A-Z and < (OCR error or national coding)', field: 'name' });
  }

  // Check digits, field by field.
  const span = documentNumberSpan(s, layout);
  const checks: Record<string, boolean> = {};
  for (const field of checkedFields(layout, span)) {
    const verdict = verifyField(s, field);
    checks[field.name] = verdict !== 'failed';
    if (verdict === 'failed') {
      errors.push({ code: MrzCodes.CHECK_FAILED, message: `check digit of ${field.name} does not match`, field: field.name });
    } else if (verdict === 'variant') {
      warnings.push({
        code: MrzCodes.OVERFLOW_VARIANT,
        message: "the long document number's check digit is computed over number + '<' + overflow (a non-ICAO variant some issuers use)",
        field: 'documentNumber',
      });
    }
  }
  const composite = compositeOf(layout);
  if (composite) {
    checks.composite = verifyComposite(s, composite);
    if (!checks.composite) errors.push({ code: MrzCodes.CHECK_FAILED, message: 'composite check digit does not match', field: 'composite' });
  }

  let documentNumber: string;
  let optionalData: string;
  if (span.overflow) {
    documentNumber = s.slice(layout.documentNumber, layout.documentNumber + 9);
    for (let k = 9; k < span.positions.length; k++) documentNumber += s[span.positions[k] as number];
    optionalData = stripFillers(s, span.optionalFrom, layout.optionalEnd);
  } else {
    documentNumber = stripTrailingFillers(s, layout.documentNumber, layout.documentNumber + 9);
    optionalData = stripFillers(s, layout.optionalStart, layout.optionalEnd);
  }

  if (documentNumber.length === 0) {
    // All fillers with check digit 0 passes the check digit, but a document always has a number.
    errors.push({ code: MrzCodes.BAD_DOCUMENT_NUMBER, message: 'the document number is empty', field: 'documentNumber' });
  }

  const birth = parseMrzDate(s.slice(layout.birthDate, layout.birthDate + 6), 'birth', today);
  let birthDate: string | null = null;
  if (birth.ok) birthDate = birth.iso;
  else if (birth.partial) warnings.push({ code: MrzCodes.DATE_PARTIAL, message: birth.reason, field: 'birthDate' });
  else errors.push({ code: MrzCodes.BAD_DATE, message: `birth date ${birth.reason}`, field: 'birthDate' });

  const expiry = parseMrzDate(s.slice(layout.expiryDate, layout.expiryDate + 6), 'expiry', today);
  let expiryDate: string | null = null;
  if (expiry.ok) expiryDate = expiry.iso;
  else errors.push({ code: MrzCodes.BAD_DATE, message: `expiry date ${expiry.reason}`, field: 'expiryDate' });

  const sexCode = s.charCodeAt(layout.sex);
  let sex: MrzSex | null = null;
  if (sexCode === 77 || sexCode === 70 || sexCode === 60) sex = s[layout.sex] as MrzSex;
  else if (sexCode === 88) {
    sex = 'X';
    warnings.push({ code: MrzCodes.SEX_X, message: "sex X belongs to the visual zone; ICAO writes '<' in the MRZ", field: 'sex' });
  } else {
    errors.push({ code: MrzCodes.BAD_SEX, message: `sex "${s[layout.sex] ?? ''}" is not M, F, X or <`, field: 'sex' });
  }

  const result: MrzResult = {
    format,
    documentCode,
    kind: codeOk ? kindOf(c0) : null,
    issuingState,
    surname: name.surname,
    givenNames: name.givenNames,
    nameTruncated: name.truncated,
    documentNumber,
    nationality,
    birthDate,
    sex,
    expiryDate,
    optionalData,
    valid: errors.length === 0,
    checks,
    corrections: [],
    errors,
    warnings,
    lines,
  };
  if (layout.optional2Start >= 0) result.optionalData2 = stripFillers(s, layout.optional2Start, layout.optional2End);
  return result;
}

/**
 * Parses MRZ text (TD1, TD2, TD3, MRV-A, MRV-B). Never throws: every problem is an error or a warning
 * in the result, and `valid` is true only when every check digit, the dates and the format are right.
 */
export function parseMrz(text: string, options: ParseOptions = {}): MrzResult {
  try {
    return parseOrThrow(text, options);
  } catch (error) {
    // Defence in depth for a border post: a parser bug must not take down the capture screen.
    // The fuzz test asserts this branch is never reached.
    return emptyResult([], [{ code: MrzCodes.INTERNAL_ERROR, message: `internal parser error: ${String(error)}` }], []);
  }
}

function parseOrThrow(text: string, options: ParseOptions): MrzResult {
  const today = options.today ?? new Date();
  const normalized = normalizeInput(typeof text === 'string' ? text : String(text));
  const warnings = normalized.warnings;
  const detected = detectFormat(normalized.lines, warnings);
  if (detected.error) return emptyResult(detected.lines, [detected.error], warnings);
  const layout = LAYOUTS[detected.format];
  const s = detected.lines.join('');
  // Repair is only ever attempted when a check digit fails (or a letter sits in a digit position), so a
  // read whose checks all hold is analysed once, without the repair machinery.
  if (options.repair === false || checksHold(s, layout)) return analyze(detected.lines, s, layout, today, warnings);
  const repaired = repairMrz(s, layout, today);
  if (repaired.kind !== 'repaired') {
    const result = analyze(detected.lines, s, layout, today, warnings);
    if (repaired.kind === 'ambiguous') result.warnings.push({ code: MrzCodes.REPAIR_AMBIGUOUS, message: repaired.message });
    return result;
  }
  const fixedLines: string[] = [];
  for (let i = 0; i < layout.lineCount; i++) fixedLines.push(repaired.text.slice(i * layout.lineLength, (i + 1) * layout.lineLength));
  const result = analyze(fixedLines, repaired.text, layout, today, warnings);
  result.corrections = repaired.corrections;
  result.warnings.push({
    code: MrzCodes.REPAIRED,
    message: `${repaired.corrections.length} OCR correction(s) chosen by the check digits; the officer should confirm them`,
  });
  return result;
}

/** Every check digit holds and no letter stands in a digit-only position: nothing for the repair to do. */
function checksHold(s: string, layout: Layout): boolean {
  const span = documentNumberSpan(s, layout);
  for (const field of checkedFields(layout, span)) {
    if (verifyField(s, field) === 'failed') return false;
    if (field.slot === Slot.DateDigit) {
      for (const pos of field.positions) {
        const code = s.charCodeAt(pos);
        if ((code < 48 || code > 57) && code !== 60) return false;
      }
    }
  }
  const composite = compositeOf(layout);
  return composite === null || verifyComposite(s, composite);
}
