import { BorderpostError } from '@borderpost/common';
import { checkDigit } from './alphabet';
import { MrzCodes } from './codes';
import { toMrzDate } from './dates';
import { transliterate } from './transliterate';
import type { MrzFields, MrzFormat } from './types';

function invalid(message: string): never {
  throw new BorderpostError(MrzCodes.INVALID_FIELD, message);
}

function pad(value: string, length: number): string {
  return value.length >= length ? value : value + '<'.repeat(length - value.length);
}

function requireChars(value: string, what: string, allowed: RegExp): string {
  if (!allowed.test(value)) invalid(`${what} "${value}" may only hold ${allowed.source}`);
  return value;
}

/**
 * The name field: primary identifier `<<` secondary identifier, components joined by `<`, names
 * transliterated (ICAO 9303 Part 3). A name longer than the field is truncated the ICAO way: the
 * secondary identifier's components are shortened from the last towards the first, down to initials;
 * only then is the primary identifier cut. A truncated field ends in a letter, which the parser flags.
 */
export function mrzName(surname: string, givenNames: string, length: number): string {
  const primary = transliterate(surname).split(' ').filter(Boolean);
  const secondary = transliterate(givenNames).split(' ').filter(Boolean);
  const render = (): string => (secondary.length > 0 ? `${primary.join('<')}<<${secondary.join('<')}` : primary.join('<'));
  let name = render();
  for (let i = secondary.length - 1; i >= 0 && name.length > length; i--) {
    const component = secondary[i] as string;
    const excess = name.length - length;
    secondary[i] = component.slice(0, Math.max(1, component.length - excess));
    name = render();
  }
  return pad(name.slice(0, length), length);
}

function state(value: string, what: string): string {
  const code = requireChars(value, what, /^[A-Z]{1,3}$/);
  return pad(code, 3);
}

function date(value: string, what: string): string {
  const yymmdd = toMrzDate(value);
  if (yymmdd === null) invalid(`${what} "${value}" is not a YYYY-MM-DD calendar date`);
  return yymmdd;
}

function documentCode(value: string, format: MrzFormat): string {
  const code = requireChars(value, 'document code', /^[A-Z][A-Z<]?$/);
  const visa = format === 'MRVA' || format === 'MRVB';
  if (visa !== code.startsWith('V')) {
    invalid(visa ? `a visa's document code starts with V, not "${code}"` : `document code "${code}" starting with V is reserved for visas`);
  }
  return pad(code, 2);
}

function optional(value: string | undefined, length: number, what: string): string {
  const text = value ?? '';
  requireChars(text, what, /^[A-Z0-9<]*$/);
  if (text.length > length) invalid(`${what} "${text}" is longer than ${length}`);
  return pad(text, length);
}

/**
 * Document number and optional data of TD1/TD2: numbers longer than 9 characters overflow into the
 * optional data followed by the check digit of the whole number (ICAO 9303 Part 5 note j).
 */
function numberWithOverflow(number: string, optionalData: string | undefined, optionalLength: number): [string, string] {
  if (number.length <= 9) {
    return [pad(number, 9) + checkDigit(pad(number, 9)), optional(optionalData, optionalLength, 'optional data')];
  }
  const rest = number.slice(9);
  if (rest.includes('<')) invalid(`document number "${number}": no filler allowed after the 9th character`);
  let overflow = rest + checkDigit(number);
  if (optionalData) overflow += '<' + optionalData;
  if (overflow.length > optionalLength) invalid(`document number "${number}" and optional data do not fit in ${optionalLength} characters`);
  requireChars(optionalData ?? '', 'optional data', /^[A-Z0-9<]*$/);
  return [number.slice(0, 9) + '<', pad(overflow, optionalLength)];
}

/** Builds the MRZ lines of `format` from human-form fields, computing every check digit. */
export function formatMrz(fields: MrzFields, format: MrzFormat): string[] {
  const code = documentCode(fields.documentCode, format);
  const issuer = state(fields.issuingState, 'issuing state');
  const nationality = state(fields.nationality, 'nationality');
  const birth = date(fields.birthDate, 'birth date');
  const expiry = date(fields.expiryDate, 'expiry date');
  if (!['M', 'F', 'X', '<'].includes(fields.sex)) invalid(`sex "${String(fields.sex)}" is not M, F, X or <`);
  const number = requireChars(fields.documentNumber, 'document number', /^[A-Z0-9<]{1,}$/);
  if (number.endsWith('<')) invalid(`document number "${number}" ends with a filler`);
  const birthPart = birth + checkDigit(birth);
  const expiryPart = expiry + checkDigit(expiry);
  if (fields.optionalData2 !== undefined && fields.optionalData2 !== '' && format !== 'TD1') {
    invalid('optionalData2 exists only in TD1');
  }

  if (format === 'TD1') {
    const [numberPart, optional1] = numberWithOverflow(number, fields.optionalData, 15);
    const optional2 = optional(fields.optionalData2, 11, 'optional data 2');
    const line1 = code + issuer + numberPart + optional1;
    const line2Head = birthPart + fields.sex + expiryPart + nationality + optional2;
    const composite = checkDigit(line1.slice(5, 30) + line2Head.slice(0, 7) + line2Head.slice(8, 15) + line2Head.slice(18, 29));
    return [line1, line2Head + composite, mrzName(fields.surname, fields.givenNames, 30)];
  }
  const length = format === 'TD3' || format === 'MRVA' ? 44 : 36;
  const line1 = code + issuer + mrzName(fields.surname, fields.givenNames, length - 5);
  if (format === 'TD2') {
    const [numberPart, optional1] = numberWithOverflow(number, fields.optionalData, 7);
    const body = numberPart + nationality + birthPart + fields.sex + expiryPart + optional1;
    const composite = checkDigit(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 35));
    return [line1, body + composite];
  }
  if (number.length > 9) invalid(`document number "${number}" is longer than 9 characters (only TD1 and TD2 allow overflow)`);
  const numberPart = pad(number, 9) + checkDigit(pad(number, 9));
  if (format === 'TD3') {
    const personal = optional(fields.optionalData, 14, 'personal number');
    // An empty personal number gets the filler as its check digit (ICAO 9303 Part 4; 0 also occurs).
    const personalCheck = /^<+$/.test(personal) ? '<' : String(checkDigit(personal));
    const body = numberPart + nationality + birthPart + fields.sex + expiryPart + personal + personalCheck;
    const composite = checkDigit(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43));
    return [line1, body + composite];
  }
  const visaOptional = optional(fields.optionalData, format === 'MRVA' ? 16 : 8, 'optional data');
  return [line1, numberPart + nationality + birthPart + fields.sex + expiryPart + visaOptional];
}
