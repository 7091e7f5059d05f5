import { charValue, WEIGHTS } from './alphabet';
import type { Layout } from './layout';

/** What a position of a checked field may hold. */
export const Slot = {
  /** 0-9, A-Z, '<' (document numbers, optional data). */
  Alnum: 0,
  /** A date digit; '<' tolerated for an unknown birth month/day, letters never. */
  DateDigit: 1,
} as const;
export type Slot = (typeof Slot)[keyof typeof Slot];

/** A field protected by its own check digit. */
export interface CheckedField {
  name: 'documentNumber' | 'birthDate' | 'expiryDate' | 'personalNumber';
  /** Absolute positions of the value, in check-digit order. */
  positions: number[];
  checkPos: number;
  slot: Slot;
  /**
   * Long document numbers (TD1/TD2 overflow): from this index of `positions` the second computation
   * in use (principal + '<' + rest) shifts the weights by one; -1 when there is no overflow.
   */
  variantShift: number;
}

export interface Composite {
  positions: number[];
  checkPos: number;
}

export interface DocumentNumberSpan {
  /** Positions of the whole number (principal and overflow rest). */
  positions: number[];
  checkPos: number;
  overflow: boolean;
  /** Where optional data starts once the overflow (rest + its check digit) is skipped. */
  optionalFrom: number;
}

function range(start: number, end: number): number[] {
  const out: number[] = [];
  for (let i = start; i < end; i++) out.push(i);
  return out;
}

/**
 * ICAO 9303 Part 5 note j: a '<' in the document-number check position means the number continues in
 * the optional data, up to the first filler, whose last character is the check digit of the whole number.
 */
export function documentNumberSpan(s: string, layout: Layout): DocumentNumberSpan {
  const start = layout.documentNumber;
  const check = layout.documentNumberCheck;
  if (layout.overflow && s.charCodeAt(check) === 60 && s.charCodeAt(layout.optionalStart) !== 60) {
    let end = layout.optionalStart;
    while (end < layout.optionalEnd && s.charCodeAt(end) !== 60) end++;
    const positions = range(start, start + 9);
    for (let i = layout.optionalStart; i < end - 1; i++) positions.push(i);
    return { positions, checkPos: end - 1, overflow: true, optionalFrom: end };
  }
  return plainSpan(layout);
}

// The layouts are fixed, so everything that does not depend on a long document number is computed
// once per layout: the parser's hot path then allocates no position arrays.
const plainSpans = new Map<Layout, DocumentNumberSpan>();
const plainFields = new Map<Layout, CheckedField[]>();
const composites = new Map<Layout, Composite | null>();

function plainSpan(layout: Layout): DocumentNumberSpan {
  let span = plainSpans.get(layout);
  if (!span) {
    span = { positions: range(layout.documentNumber, layout.documentNumber + 9), checkPos: layout.documentNumberCheck, overflow: false, optionalFrom: layout.optionalStart };
    plainSpans.set(layout, span);
  }
  return span;
}

function buildFields(layout: Layout, span: DocumentNumberSpan): CheckedField[] {
  const fields: CheckedField[] = [
    { name: 'documentNumber', positions: span.positions, checkPos: span.checkPos, slot: Slot.Alnum, variantShift: span.overflow ? 9 : -1 },
    { name: 'birthDate', positions: range(layout.birthDate, layout.birthDate + 6), checkPos: layout.birthDateCheck, slot: Slot.DateDigit, variantShift: -1 },
    { name: 'expiryDate', positions: range(layout.expiryDate, layout.expiryDate + 6), checkPos: layout.expiryDateCheck, slot: Slot.DateDigit, variantShift: -1 },
  ];
  if (layout.optionalCheck >= 0) {
    fields.push({ name: 'personalNumber', positions: range(layout.optionalStart, layout.optionalEnd), checkPos: layout.optionalCheck, slot: Slot.Alnum, variantShift: -1 });
  }
  return fields;
}

/** The fields a check digit protects (shared, read-only arrays: callers must not mutate them). */
export function checkedFields(layout: Layout, span: DocumentNumberSpan): CheckedField[] {
  if (span.overflow) return buildFields(layout, span);
  let fields = plainFields.get(layout);
  if (!fields) {
    fields = buildFields(layout, plainSpan(layout));
    plainFields.set(layout, fields);
  }
  return fields;
}

export function compositeOf(layout: Layout): Composite | null {
  let composite = composites.get(layout);
  if (composite === undefined) {
    if (layout.composite < 0) composite = null;
    else {
      const positions: number[] = [];
      for (const [a, b] of layout.compositeRanges) for (let i = a; i < b; i++) positions.push(i);
      composite = { positions, checkPos: layout.composite };
    }
    composites.set(layout, composite);
  }
  return composite;
}

/** Weighted sums of a field: [ICAO computation, overflow variant or -1]; -1 when a character is invalid. */
export function fieldSums(s: string, field: CheckedField): [number, number] {
  let sum = 0;
  let variant = 0;
  const shift = field.variantShift;
  const positions = field.positions;
  for (let k = 0; k < positions.length; k++) {
    const v = charValue(s.charCodeAt(positions[k] as number));
    if (v < 0) return [-1, -1];
    sum += v * (WEIGHTS[k % 3] as number);
    if (shift >= 0) variant += v * (WEIGHTS[(k >= shift ? k + 1 : k) % 3] as number);
  }
  return [sum, shift >= 0 ? variant : -1];
}

/** The digit a check position holds: 0-9, or -2 for '<', or -1 for anything else. */
export function checkCharValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  return code === 60 ? -2 : -1;
}

export type FieldVerdict = 'ok' | 'variant' | 'failed';

/** Verifies a field's check digit. 'variant' = valid only under the principal+'<'+rest overflow computation. */
export function verifyField(s: string, field: CheckedField): FieldVerdict {
  const [sum, variant] = fieldSums(s, field);
  if (sum < 0) return 'failed';
  const digit = checkCharValue(s.charCodeAt(field.checkPos));
  if (digit === -2) {
    // An empty TD3 personal number may carry '<' instead of 0 as its check digit (both occur).
    return field.slot === Slot.Alnum && field.name === 'personalNumber' && sum === 0 && isAllFiller(s, field.positions) ? 'ok' : 'failed';
  }
  if (digit < 0) return 'failed';
  if (sum % 10 === digit) return 'ok';
  if (variant >= 0 && variant % 10 === digit) return 'variant';
  return 'failed';
}

function isAllFiller(s: string, positions: number[]): boolean {
  for (const p of positions) if (s.charCodeAt(p) !== 60) return false;
  return true;
}

export function compositeSum(s: string, composite: Composite): number {
  let sum = 0;
  const positions = composite.positions;
  for (let k = 0; k < positions.length; k++) {
    const v = charValue(s.charCodeAt(positions[k] as number));
    if (v < 0) return -1;
    sum += v * (WEIGHTS[k % 3] as number);
  }
  return sum;
}

export function verifyComposite(s: string, composite: Composite): boolean {
  const sum = compositeSum(s, composite);
  const digit = checkCharValue(s.charCodeAt(composite.checkPos));
  return sum >= 0 && digit >= 0 && sum % 10 === digit;
}
