import { charValue, WEIGHTS } from './alphabet';
import {
  type CheckedField,
  type Composite,
  checkedFields,
  compositeOf,
  documentNumberSpan,
  Slot,
  verifyComposite,
  verifyField,
} from './checked';
import { confusablesOf } from './confusions';
import { parseMrzDate } from './dates';
import type { Layout } from './layout';
import type { MrzCorrection } from './types';

/**
 * Check-digit-driven OCR repair (see README "Repair rules"):
 *
 * 1. A field is repaired only when its own check digit fails, or a letter sits where only digits may
 *    (dates, check digits). Fields no check digit protects (names, states, nationality, sex, visa
 *    optional data) are never touched.
 * 2. Candidates substitute confusable characters (0/O, 1/I, 5/S, 8/B, 2/Z, 6/G, …) in the field and
 *    its check digit, at the smallest number of substitutions (1, then 2) that satisfies the field's
 *    check digit (and gives a real calendar date for dates).
 * 3. Candidates of all failing fields are combined and kept only when the composite check digit holds
 *    too (visas have no composite: the field check alone decides).
 * 4. A repair is applied only when exactly one combination survives; otherwise nothing changes and the
 *    result says the repair was ambiguous.
 * 5. When every field check holds but the composite fails, single substitutions in the data that only
 *    the composite protects (TD1/TD2 optional data, the composite digit itself) are tried the same way.
 */
export type RepairOutcome =
  | { kind: 'none' }
  | { kind: 'ambiguous'; message: string }
  | { kind: 'repaired'; text: string; corrections: MrzCorrection[] };

interface Substitution {
  pos: number;
  to: number;
  field: string;
  position: number;
}

type Candidate = Substitution[];

/** Upper bound on combinations tried across fields; beyond it the read is too damaged to repair safely. */
const MAX_COMBINATIONS = 20000;
const MAX_DISTANCE = 2;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

interface SlotInfo {
  pos: number;
  /** Characters this slot could have been misread from, filtered by what the slot may hold. */
  alternatives: number[];
  forced: boolean;
  field: string;
  position: number;
}

function slotsOf(s: string, field: CheckedField): SlotInfo[] {
  const slots: SlotInfo[] = [];
  const numeric = field.slot === Slot.DateDigit;
  field.positions.forEach((pos, k) => {
    const code = s.charCodeAt(pos);
    const alternatives = confusablesOf(code).filter((alt) => (numeric ? isDigit(alt) : charValue(alt) >= 0));
    const forced = numeric ? !isDigit(code) && code !== 60 : charValue(code) < 0;
    slots.push({ pos, alternatives, forced, field: field.name, position: k + 1 });
  });
  const checkCode = s.charCodeAt(field.checkPos);
  slots.push({
    pos: field.checkPos,
    alternatives: confusablesOf(checkCode).filter(isDigit),
    forced: !isDigit(checkCode) && !(checkCode === 60 && field.name === 'personalNumber'),
    field: `${field.name}Check`,
    position: 1,
  });
  return slots;
}

/** True when a character stands where it may never be (a letter in a date or a check digit). */
function hasForcedSlot(s: string, field: CheckedField): boolean {
  const numeric = field.slot === Slot.DateDigit;
  for (const pos of field.positions) {
    const code = s.charCodeAt(pos);
    if (numeric ? !isDigit(code) && code !== 60 : charValue(code) < 0) return true;
  }
  const check = s.charCodeAt(field.checkPos);
  return !isDigit(check) && !(check === 60 && field.name === 'personalNumber');
}

function fieldHolds(buf: number[], field: CheckedField, today: Date): boolean {
  let sum = 0;
  let variant = 0;
  const shift = field.variantShift;
  for (let k = 0; k < field.positions.length; k++) {
    const v = charValue(buf[field.positions[k] as number] as number);
    if (v < 0) return false;
    sum += v * (WEIGHTS[k % 3] as number);
    if (shift >= 0) variant += v * (WEIGHTS[(k >= shift ? k + 1 : k) % 3] as number);
  }
  const check = buf[field.checkPos] as number;
  if (!isDigit(check)) return false;
  const digit = check - 48;
  if (sum % 10 !== digit && !(shift >= 0 && variant % 10 === digit)) return false;
  if (field.slot === Slot.DateDigit) {
    let raw = '';
    for (const p of field.positions) raw += String.fromCharCode(buf[p] as number);
    const date = parseMrzDate(raw, field.name === 'birthDate' ? 'birth' : 'expiry', today);
    if (!date.ok && !date.partial) return false;
  }
  return true;
}

/** Candidates for one failing field at the smallest substitution count that makes it hold. */
function fieldCandidates(s: string, buf: number[], field: CheckedField, today: Date): Candidate[] {
  const slots = slotsOf(s, field);
  const forced = slots.filter((slot) => slot.forced);
  if (forced.length > MAX_DISTANCE || forced.some((slot) => slot.alternatives.length === 0)) return [];
  for (let distance = Math.max(1, forced.length); distance <= MAX_DISTANCE; distance++) {
    const found: Candidate[] = [];
    const chosen: Substitution[] = [];
    const visit = (from: number): void => {
      if (chosen.length === distance) {
        if (fieldHolds(buf, field, today)) found.push(chosen.slice());
        return;
      }
      for (let i = from; i < slots.length; i++) {
        const slot = slots[i] as SlotInfo;
        const original = buf[slot.pos] as number;
        for (const alt of slot.alternatives) {
          buf[slot.pos] = alt;
          chosen.push({ pos: slot.pos, to: alt, field: slot.field, position: slot.position });
          visit(i + 1);
          chosen.pop();
        }
        buf[slot.pos] = original;
        // A forced slot must be part of every candidate: skipping it leaves the field invalid.
        if (slot.forced) return;
      }
    };
    visit(0);
    if (found.length > 0) return found;
  }
  return [];
}

function compositeHolds(buf: number[], composite: Composite): boolean {
  let sum = 0;
  for (let k = 0; k < composite.positions.length; k++) {
    const v = charValue(buf[composite.positions[k] as number] as number);
    if (v < 0) return false;
    sum += v * (WEIGHTS[k % 3] as number);
  }
  const check = buf[composite.checkPos] as number;
  return isDigit(check) && sum % 10 === check - 48;
}

function apply(buf: number[], candidate: Candidate): number[] {
  const saved = candidate.map((sub) => buf[sub.pos] as number);
  for (const sub of candidate) buf[sub.pos] = sub.to;
  return saved;
}

function revert(buf: number[], candidate: Candidate, saved: number[]): void {
  candidate.forEach((sub, i) => (buf[sub.pos] = saved[i] as number));
}

/** Positions only the composite protects: TD1/TD2 optional data outside a long document number's overflow. */
function compositeOnlySlots(s: string, layout: Layout, optionalFrom: number): SlotInfo[] {
  const slots: SlotInfo[] = [];
  const add = (start: number, end: number, field: string, fieldStart: number): void => {
    for (let p = start; p < end; p++) {
      const code = s.charCodeAt(p);
      slots.push({ pos: p, alternatives: confusablesOf(code).filter((alt) => charValue(alt) >= 0), forced: false, field, position: p - fieldStart + 1 });
    }
  };
  if (layout.optionalCheck < 0 && layout.composite >= 0) add(optionalFrom, layout.optionalEnd, 'optionalData', layout.optionalStart);
  if (layout.optional2Start >= 0) add(layout.optional2Start, layout.optional2End, 'optionalData2', layout.optional2Start);
  return slots;
}

function toCorrections(s: string, layout: Layout, candidate: Candidate): MrzCorrection[] {
  return candidate
    .slice()
    .sort((a, b) => a.pos - b.pos)
    .map((sub) => ({
      field: sub.field,
      position: sub.position,
      from: s[sub.pos] as string,
      to: String.fromCharCode(sub.to),
      line: Math.floor(sub.pos / layout.lineLength) + 1,
      column: (sub.pos % layout.lineLength) + 1,
    }));
}

function materialize(buf: number[], candidate: Candidate): string {
  const saved = apply(buf, candidate);
  const text = String.fromCharCode(...buf);
  revert(buf, candidate, saved);
  return text;
}

export function repairMrz(s: string, layout: Layout, today: Date): RepairOutcome {
  const span = documentNumberSpan(s, layout);
  const fields = checkedFields(layout, span);
  const composite = compositeOf(layout);
  const buf: number[] = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) buf[i] = s.charCodeAt(i);

  const compositeFails = composite !== null && !verifyComposite(s, composite);
  const failing = fields.filter((field) => {
    const verdict = verifyField(s, field);
    // A long number valid only under the non-ICAO variant computation is suspect when the composite
    // fails too: a misread there can pass the variant by chance (two computations, two chances).
    return verdict === 'failed' || (verdict === 'variant' && compositeFails) || hasForcedSlot(s, field);
  });
  if (failing.length === 0) {
    if (!composite || !compositeFails) return { kind: 'none' };
    return repairCompositeOnly(s, buf, layout, composite, span.optionalFrom);
  }

  const perField: Candidate[][] = [];
  for (const field of failing) {
    const candidates = fieldCandidates(s, buf, field, today);
    if (candidates.length === 0) return { kind: 'none' };
    perField.push(candidates);
  }
  // A misread composite digit (O for 0) is one more dimension of the search.
  if (composite && !isDigit(s.charCodeAt(composite.checkPos))) {
    const alternatives = confusablesOf(s.charCodeAt(composite.checkPos)).filter(isDigit);
    if (alternatives.length === 0) return { kind: 'none' };
    perField.push(alternatives.map((to) => [{ pos: composite.checkPos, to, field: 'composite', position: 1 }]));
  }
  let combinations = 1;
  for (const candidates of perField) combinations *= candidates.length;
  if (combinations > MAX_COMBINATIONS) {
    return { kind: 'ambiguous', message: `${combinations} candidate repairs; too many to choose from, none applied` };
  }

  const survivors: Candidate[] = [];
  const chosen: Candidate = [];
  const combine = (index: number): void => {
    if (survivors.length > 1) return;
    if (index === perField.length) {
      if (!composite) {
        survivors.push(chosen.slice());
        return;
      }
      const saved = apply(buf, chosen);
      if (compositeHolds(buf, composite)) survivors.push(chosen.slice());
      revert(buf, chosen, saved);
      return;
    }
    for (const candidate of perField[index] as Candidate[]) {
      chosen.push(...candidate);
      combine(index + 1);
      chosen.length -= candidate.length;
    }
  };
  combine(0);
  if (survivors.length === 1) {
    const winner = survivors[0] as Candidate;
    return { kind: 'repaired', text: materialize(buf, winner), corrections: toCorrections(s, layout, winner) };
  }
  if (survivors.length === 0) return { kind: 'none' };
  return {
    kind: 'ambiguous',
    message: `several OCR repairs satisfy every check digit (${failing.map((f) => f.name).join(', ')}); none applied — rescan or enter by hand`,
  };
}

function repairCompositeOnly(s: string, buf: number[], layout: Layout, composite: Composite, optionalFrom: number): RepairOutcome {
  const compositeCode = s.charCodeAt(composite.checkPos);
  const slots: SlotInfo[] = [
    { pos: composite.checkPos, alternatives: confusablesOf(compositeCode).filter(isDigit), forced: !isDigit(compositeCode), field: 'composite', position: 1 },
  ];
  if (isDigit(compositeCode)) slots.push(...compositeOnlySlots(s, layout, optionalFrom));
  const survivors: Candidate[] = [];
  for (const slot of slots) {
    for (const alt of slot.alternatives) {
      const candidate: Candidate = [{ pos: slot.pos, to: alt, field: slot.field, position: slot.position }];
      const saved = apply(buf, candidate);
      if (compositeHolds(buf, composite)) survivors.push(candidate);
      revert(buf, candidate, saved);
    }
  }
  if (survivors.length === 1) {
    const winner = survivors[0] as Candidate;
    return { kind: 'repaired', text: materialize(buf, winner), corrections: toCorrections(s, layout, winner) };
  }
  if (survivors.length === 0) return { kind: 'none' };
  return { kind: 'ambiguous', message: `${survivors.length} single substitutions satisfy the composite check digit; none applied` };
}
